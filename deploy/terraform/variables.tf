variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "trailwatcher"
}

variable "trail_bucket_name" {
  description = "The S3 bucket CloudTrail writes its log files to."
  type        = string
}

variable "trail_bucket_account_id" {
  description = "Account that owns the trail bucket (aws:SourceAccount of its notifications). Default: this account."
  type        = string
  default     = null
}

variable "trail_prefix" {
  description = "The trail's S3 key prefix, ending in \"/\" (\"\" when the trail has none). Log files live under <prefix>AWSLogs/."
  type        = string
  default     = ""

  validation {
    condition     = var.trail_prefix == "" || (endswith(var.trail_prefix, "/") && !startswith(var.trail_prefix, "/"))
    error_message = "trail_prefix must be empty or end with \"/\" (and not start with one)."
  }
}

variable "manage_bucket_notification" {
  description = "Create the bucket's notification configuration. It REPLACES every other notification of the bucket; set false and add the queue to an existing configuration by hand if the bucket has others."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "KMS key the trail encrypts its log files with (SSE-KMS); null when the trail uses SSE-S3."
  type        = string
  default     = null
}

variable "visibility_timeout_seconds" {
  description = "Queue visibility timeout. At least the worker's TrailWatcher:Sqs:VisibilityTimeoutSeconds (120); the worker extends it per message while it reads."
  type        = number
  default     = 300

  validation {
    condition     = var.visibility_timeout_seconds >= 120 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be between 120 (the worker's default) and 43200."
  }
}

variable "message_retention_seconds" {
  description = "How long an unprocessed notification stays on the queue."
  type        = number
  default     = 345600 # 4 days
}

variable "max_receive_count" {
  description = "Deliveries of a notification before it moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "alert_queue_arn" {
  description = "Optional SQS queue the worker sends alerts to (sqs:SendMessage); null for none."
  type        = string
  default     = null
}

variable "create_irsa_role" {
  description = "Create an IAM role for the Kubernetes service account (EKS IRSA) with the worker policy attached."
  type        = bool
  default     = false
}

variable "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider (arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID); required with create_irsa_role."
  type        = string
  default     = null
}

variable "k8s_namespace" {
  description = "Namespace of the worker's service account."
  type        = string
  default     = "trailwatcher"
}

variable "k8s_service_account" {
  description = "Name of the worker's service account."
  type        = string
  default     = "trailwatcher"
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
