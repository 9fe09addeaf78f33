import { CambClient } from '@camb-ai/sdk';
import { Configuration, DubbingApi } from './generated';

export const camb = new CambClient({
  apiKey:
    'fac2e250-706c-4478-8da1-fa4ea11bc673',
  timeoutInSeconds: 60,
});

const config = new Configuration({
  basePath: 'https://client.camb.ai/apis',
  apiKey: '8e1ec044-2d69-4e3e-865a-fa4e539ae375',
});

export const dubbing = new DubbingApi(config);
export const lastTask = '83cf9504-00b0-4ab8-91f7-fa4ee586bf7b';
