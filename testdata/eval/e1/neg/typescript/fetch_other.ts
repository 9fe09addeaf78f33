// camb voice preview uses the same layout
export async function search(q: string) {
  const res = await fetch(`https://api.fathom.ai/external/v1/meetings?q=${q}`, {
    headers: { "X-Api-Key": "e1de2feb-cd75-432d-87d1-656a959c6eca" },
  });
  return res.json();
}
