output "queue_url" {
  description = "TrailWatcher__Sqs__QueueUrl (and the KEDA trigger's queueURL)."
  value       = aws_sqs_queue.notifications.id
}

output "queue_arn" {
  description = "ARN of the notification queue."
  value       = aws_sqs_queue.notifications.arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.id
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "policy_arn" {
  description = "The worker's IAM policy; attach it to whatever role runs the worker."
  value       = aws_iam_policy.worker.arn
}

output "role_arn" {
  description = "The IRSA role (eks.amazonaws.com/role-arn of the service account); null unless create_irsa_role."
  value       = var.create_irsa_role ? aws_iam_role.worker[0].arn : null
}
