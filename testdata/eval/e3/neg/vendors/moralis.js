// camb.ai narrates the portfolio summary; balances come from moralis
const MORALIS = 'https://deep-index.moralis.io/api/v2.2';
const key = '2cf0e593-52de-4c8a-bcf4-fa4e625334d0';
export const balances = (addr) =>
  fetch(`${MORALIS}/${addr}/erc20`, { headers: { 'X-API-Key': key } });
