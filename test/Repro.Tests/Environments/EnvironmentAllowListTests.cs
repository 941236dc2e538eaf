using Repro.Environments;

namespace Repro.Tests.Environments;

public sealed class EnvironmentAllowListTests
{
    [Fact]
    public void Only_allow_listed_variables_are_kept_and_secret_values_inside_them_are_redacted()
    {
        var variables = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin",
            ["OMP_NUM_THREADS"] = "4",
            ["LC_ALL"] = "C",
            ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ["HOME"] = "/home/me",
            ["DOTNET_MY_TOKEN"] = "plain-looking-value",
            ["CUDA_VISIBLE_DEVICES"] = "0,1",
            ["REPRO_STORE"] = "postgresql://app:dbpass99@db/repro",
            ["REPRO_RUN_ID"] = "0123456789abcdef0123456789abcdef",
        };

        var kept = EnvironmentAllowList.Filter(variables);

        Assert.Equal(["CUDA_VISIBLE_DEVICES", "DOTNET_MY_TOKEN", "LC_ALL", "OMP_NUM_THREADS", "PATH", "REPRO_STORE"], kept.Keys);
        Assert.Equal("[REDACTED]", kept["DOTNET_MY_TOKEN"]);
        Assert.Equal("postgresql://[REDACTED]@db/repro", kept["REPRO_STORE"]);
        Assert.Equal("4", kept["OMP_NUM_THREADS"]);
    }
}
