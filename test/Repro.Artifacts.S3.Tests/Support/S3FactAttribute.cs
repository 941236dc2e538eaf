namespace Repro.Artifacts.S3.Tests.Support;

/// <summary>
/// A test that needs the local S3 server. It runs wherever Node.js is installed (s3rver is installed from the
/// committed lock file on first use). On a machine without Node.js it is reported as skipped with the reason,
/// so the README's test command still passes with only the .NET SDK, unless REPRO_REQUIRE_S3=1 (set by
/// .ci/run), which turns the missing prerequisite into a failure: CI never skips these tests.
/// </summary>
public sealed class S3FactAttribute : FactAttribute
{
    public S3FactAttribute() => Skip = S3Prerequisite.SkipReason;
}
