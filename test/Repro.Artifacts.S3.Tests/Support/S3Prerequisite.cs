namespace Repro.Artifacts.S3.Tests.Support;

/// <summary>Whether the S3 tests can run here, and whether they must (REPRO_REQUIRE_S3=1 in CI).</summary>
internal static class S3Prerequisite
{
    public const string RequireVariable = "REPRO_REQUIRE_S3";

    /// <summary>Null when the tests run; otherwise the reason they are skipped on this machine.</summary>
    public static string? SkipReason =>
        S3rverServer.MissingPrerequisite is { } missing && System.Environment.GetEnvironmentVariable(RequireVariable) != "1"
            ? $"{missing} (install Node.js to run them; CI sets {RequireVariable}=1 and requires them)"
            : null;
}
