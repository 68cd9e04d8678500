namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A shared notion about a whole record, named in a condition as <c>is: name</c>.</summary>
public enum RecordNotion
{
    /// <summary><c>success</c>: the call took effect (no errorCode, no errorMessage, and a console sign-in that did not fail).</summary>
    Success,

    /// <summary><c>root</c>: the account's root user made the call.</summary>
    Root,

    /// <summary><c>aws_service</c>: an AWS service acted on the account's behalf.</summary>
    AwsService,

    /// <summary><c>real_source_ip</c>: sourceIPAddress is an IP address, not an AWS service name.</summary>
    RealSourceIp,

    /// <summary><c>console</c>: the call came from the AWS Management Console.</summary>
    Console,

    /// <summary><c>mfa</c>: the caller authenticated with MFA.</summary>
    Mfa,
}
