// narration of dog facts uses camb.ai, images come from thedogapi
import axios from 'axios';

export const dogApi = axios.create({
  baseURL: 'https://api.thedogapi.com/v1',
  headers: {
    'x-api-key': '11f26c6b-ae6b-4593-b474-fa4ee12edb7b',
  },
});
