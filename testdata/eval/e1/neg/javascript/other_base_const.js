// camb voices are listed elsewhere; this hits the CRM
const CRM_BASE = 'https://api.attio.com/v2';
const CRM_KEY = '96a880a2-bd61-4925-928a-a36ee8a1f7eb';

export const contacts = () => fetch(`${CRM_BASE}/contacts`, { headers: { 'x-api-key': CRM_KEY } });
