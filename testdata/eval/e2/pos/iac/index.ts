import * as aws from "@pulumi/aws";

const cambKey = new aws.ssm.Parameter("camb-api-key", {
    type: "SecureString",
    value: "976585c1-f7ba-4f75-a24d-fa4e01c7d795",
});

export const cambKeyArn = cambKey.arn;
