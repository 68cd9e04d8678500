"""Steady notification flow for scripts/soak.sh: puts gzipped CloudTrail logs into the emulator's bucket and
announces each with an S3 event notification on the queue, at a fixed rate, until the time is up."""
import gzip
import json
import sys
import time
import urllib.request

endpoint, bucket, queue_url, rate, records, matches, seconds = sys.argv[1:8]
rate, records, matches, seconds = float(rate), int(records), int(matches), float(seconds)

BACKGROUND = {
    "eventVersion": "1.11", "eventTime": "2024-01-15T10:45:00Z", "eventSource": "ec2.amazonaws.com",
    "eventName": "DescribeInstances", "awsRegion": "us-east-1", "sourceIPAddress": "10.0.0.1",
    "userAgent": "aws-cli/2.13.0", "userIdentity": {"type": "AssumedRole", "accountId": "111111111111",
    "arn": "arn:aws:sts::111111111111:assumed-role/Reader/session"}, "requestParameters": {"maxResults": 50},
    "responseElements": None, "readOnly": True, "eventType": "AwsApiCall", "managementEvent": True,
    "recipientAccountId": "111111111111", "eventCategory": "Management",
}
# Bucket server access logging switched off: the built-in AWS.S3.DisableBucketLogging rule alerts on it.
MATCH = dict(BACKGROUND, eventSource="s3.amazonaws.com", eventName="PutBucketLogging", readOnly=False,
             requestParameters={"logging": "", "bucketName": "critical-data-bucket",
                                "BucketLoggingStatus": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"}})


def call(request):
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def put(key, body):
    call(urllib.request.Request(f"{endpoint}/{bucket}/{key}", data=body, method="PUT",
                                headers={"Content-Type": "application/octet-stream"}))


def send(body):
    payload = json.dumps({"QueueUrl": queue_url, "MessageBody": body}).encode()
    call(urllib.request.Request(f"{endpoint}/", data=payload, method="POST", headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.SendMessage"}))


def log(n):
    stride = max(1, records // max(1, matches))
    items = []
    for i in range(records):
        record = dict(MATCH if i % stride == 0 and i // stride < matches else BACKGROUND)
        record["eventID"] = f"soak-{n}-{i}"
        items.append(json.dumps(record, separators=(",", ":")))
    return gzip.compress(('{"Records":[' + ",".join(items) + "]}").encode(), compresslevel=6)


start = time.monotonic()
n = 0
while time.monotonic() - start < seconds:
    key = f"AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/15/111111111111_CloudTrail_us-east-1_20240115T1045Z_soak{n:07d}.json.gz"
    body = log(n)
    put(key, body)
    send(json.dumps({"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                                  "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": bucket},
                                  "object": {"key": key, "size": len(body)}}}]}))
    n += 1
    delay = start + n / rate - time.monotonic()
    if delay > 0:
        time.sleep(delay)
print(f"driver: {n} objects sent in {time.monotonic() - start:.0f} s", flush=True)
