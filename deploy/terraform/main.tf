data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  bucket_account_id = coalesce(var.trail_bucket_account_id, data.aws_caller_identity.current.account_id)
  bucket_arn        = "arn:${data.aws_partition.current.partition}:s3:::${var.trail_bucket_name}"
  logs_prefix       = "${var.trail_prefix}AWSLogs/"
  # The provider ARN ends in the issuer: .../oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID
  oidc_issuer = var.oidc_provider_arn == null ? "" : element(split("oidc-provider/", var.oidc_provider_arn), 1)
}

# ---------------------------------------------------------------------------------------------------
# Queues: notifications, and a dead-letter queue for the ones that keep failing.
# ---------------------------------------------------------------------------------------------------

resource "aws_sqs_queue" "dlq" {
  name                      = "${var.name}-notifications-dlq"
  message_retention_seconds = 1209600 # 14 days, the maximum: time to look at what failed
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "notifications" {
  name                       = "${var.name}-notifications"
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  receive_wait_time_seconds  = 20
  # SSE-SQS: S3 can publish to it (a queue under the AWS-managed aws/sqs KMS key would refuse S3).
  sqs_managed_sse_enabled = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags
}

# Only the notification queue may use the DLQ.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.notifications.arn]
  })
}

# The trail bucket, and only it, may send notifications to the queue.
data "aws_iam_policy_document" "queue" {
  statement {
    sid       = "AllowTrailBucketNotifications"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.notifications.arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.bucket_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.bucket_account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "notifications" {
  queue_url = aws_sqs_queue.notifications.id
  policy    = data.aws_iam_policy_document.queue.json
}

# ---------------------------------------------------------------------------------------------------
# The bucket notifies the queue of every new log file (digests and other objects are filtered out).
# ---------------------------------------------------------------------------------------------------

resource "aws_s3_bucket_notification" "trail" {
  count  = var.manage_bucket_notification ? 1 : 0
  bucket = var.trail_bucket_name

  queue {
    id            = "${var.name}-cloudtrail-logs"
    queue_arn     = aws_sqs_queue.notifications.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = local.logs_prefix
    filter_suffix = ".json.gz"
  }

  # S3 checks that it may publish to the queue when the configuration is written.
  depends_on = [aws_sqs_queue_policy.notifications]
}

# ---------------------------------------------------------------------------------------------------
# The worker's permissions (least privilege); the same document as deploy/iam/trailwatcher-worker-policy.json.
# ---------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "worker" {
  statement {
    sid    = "ConsumeNotifications"
    effect = "Allow"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.notifications.arn]
  }

  statement {
    sid       = "ReadDeadLetterQueueDepth"
    effect    = "Allow"
    actions   = ["sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.dlq.arn]
  }

  statement {
    sid       = "ReadTrailLogFiles"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${local.bucket_arn}/${local.logs_prefix}*"]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]

    content {
      sid       = "DecryptTrailLogFiles"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${data.aws_region.current.name}.amazonaws.com"]
      }
    }
  }

  # scan s3://... (replay) and verify s3://... list the trail's folders; the worker itself only reads the keys its
  # notifications name. scan always lists from the AWSLogs/ folder; verify lists from the location it is given, so
  # under this condition it must be given that folder or one below it.
  statement {
    sid       = "ListTrailLogFilesForScanAndVerify"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${local.logs_prefix}*"]
    }
  }

  # verify s3://... without --public-key fetches each region's signing keys; ListPublicKeys has no resource ARN to
  # scope it to. run never calls it: TrailWatcher:Integrity reads its keys from PublicKeysFile.
  statement {
    sid       = "FetchDigestPublicKeysForVerify"
    effect    = "Allow"
    actions   = ["cloudtrail:ListPublicKeys"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.alert_queue_arn == null ? [] : [var.alert_queue_arn]

    content {
      sid       = "SendAlerts"
      effect    = "Allow"
      actions   = ["sqs:SendMessage"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_policy" "worker" {
  name        = "${var.name}-worker"
  description = "TrailWatcher worker: consume the CloudTrail notification queue and read the trail's log files; list them and fetch digest keys for scan and verify."
  policy      = data.aws_iam_policy_document.worker.json
  tags        = var.tags
}

# ---------------------------------------------------------------------------------------------------
# Optional: a role for the Kubernetes service account (EKS IAM roles for service accounts).
# ---------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "irsa_trust" {
  count = var.create_irsa_role ? 1 : 0

  statement {
    sid     = "TrailWatcherServiceAccount"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.k8s_namespace}:${var.k8s_service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  count              = var.create_irsa_role ? 1 : 0
  name               = "${var.name}-worker"
  description        = "TrailWatcher worker pods (service account ${var.k8s_namespace}/${var.k8s_service_account})."
  assume_role_policy = data.aws_iam_policy_document.irsa_trust[0].json
  tags               = var.tags

  lifecycle {
    precondition {
      condition     = var.oidc_provider_arn != null
      error_message = "create_irsa_role needs oidc_provider_arn."
    }
  }
}

resource "aws_iam_role_policy_attachment" "worker" {
  count      = var.create_irsa_role ? 1 : 0
  role       = aws_iam_role.worker[0].name
  policy_arn = aws_iam_policy.worker.arn
}
