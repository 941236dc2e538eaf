namespace Repro.Artifacts.S3.Tests.Support;

/// <summary>The <see cref="S3FactAttribute"/> rule for theories.</summary>
public sealed class S3TheoryAttribute : TheoryAttribute
{
    public S3TheoryAttribute() => Skip = S3Prerequisite.SkipReason;
}
