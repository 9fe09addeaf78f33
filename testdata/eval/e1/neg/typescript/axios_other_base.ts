import axios from "axios";

// not camb: the analytics backend
export const analytics = axios.create({
  baseURL: "https://api.usermaven.com/api",
  headers: { "x-api-key": "829971f6-c769-47d0-ad97-a4a253d3760b" },
});
