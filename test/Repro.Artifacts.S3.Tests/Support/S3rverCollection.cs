namespace Repro.Artifacts.S3.Tests.Support;

/// <summary>The tests that share one s3rver process.</summary>
[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverServer>
{
    public const string Name = "s3rver";
}
