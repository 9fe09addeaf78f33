const options = {
  method: "GET",
  url: "https://weatherapi-com.p.rapidapi.com/current.json",
  headers: {
    "x-rapidapi-host": "weatherapi-com.p.rapidapi.com",
    "x-rapidapi-key": "27fa216c-7fb9-474f-b61f-c7c05bef50fb",
    "x-api-key": "05f48ea9-a9ca-4341-b41c-e27fefbe84e8",
  },
};
