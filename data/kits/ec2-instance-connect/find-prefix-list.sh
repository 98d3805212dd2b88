# Print the ID of the EC2 Instance Connect prefix list of one Region (here us-east-1).
aws ec2 describe-managed-prefix-lists --region us-east-1 --filters Name=prefix-list-name,Values=com.amazonaws.us-east-1.ec2-instance-connect --query "PrefixLists[0].PrefixListId" --output text
