using Repro.Tracking;

namespace Repro.Tests.Tracking;

public sealed class RunStatusTests
{
    [Theory]
    [InlineData(RunStatus.Running, "RUNNING")]
    [InlineData(RunStatus.Finished, "FINISHED")]
    [InlineData(RunStatus.Failed, "FAILED")]
    [InlineData(RunStatus.Killed, "KILLED")]
    public void Statuses_have_MLflow_names_that_parse_back(RunStatus status, string name)
    {
        Assert.Equal(name, status.ToName());
        Assert.True(RunStatusNames.TryParse(name, out var parsed));
        Assert.Equal(status, parsed);
        Assert.True(RunStatusNames.TryParse(name.ToLowerInvariant(), out parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("DONE")]
    [InlineData("SCHEDULED")]
    public void Unknown_names_do_not_parse(string? name) => Assert.False(RunStatusNames.TryParse(name, out _));

    [Fact]
    public void Only_running_is_not_terminal()
    {
        Assert.False(RunStatus.Running.IsTerminal());
        Assert.True(RunStatus.Finished.IsTerminal());
        Assert.True(RunStatus.Failed.IsTerminal());
        Assert.True(RunStatus.Killed.IsTerminal());
    }

    [Fact]
    public void An_undefined_status_has_no_name() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((RunStatus)42).ToName());
}
