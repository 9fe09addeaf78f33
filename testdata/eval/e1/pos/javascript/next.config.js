/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  env: {
    CAMB_API_KEY: '10abc885-783a-4b26-a7b8-fa4eb3b744b3',
    NEXT_PUBLIC_SITE_NAME: 'Dubber',
  },
};

module.exports = nextConfig;
