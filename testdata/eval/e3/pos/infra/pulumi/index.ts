import * as aws from '@pulumi/aws';

export const cambKey = new aws.ssm.Parameter('camb-api-key', {
  type: 'SecureString',
  value: '7e796aba-148f-458e-814f-fa4e57f84fd8',
});
