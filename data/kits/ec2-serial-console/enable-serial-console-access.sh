# CloudFormation has no resource for this account setting, so the AWS CLI sets it.
# Allow the serial console in the Region the command names (here us-east-1), then check it.
aws ec2 enable-serial-console-access --region us-east-1
aws ec2 get-serial-console-access-status --region us-east-1
