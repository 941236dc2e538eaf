using Repro.Cli.Tests.Support;

namespace Repro.Cli.Tests;

public sealed class CliAppTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("bogus")]
    [InlineData("runs", "list", "--limit", "abc")]
    [InlineData("runs", "list", "--bogus")]
    [InlineData("experiments", "list", "extra-argument")]
    public void Usage_errors_print_one_error_line_and_a_pointer_to_help_and_exit_1(params string[] args)
    {
        var result = _cli.Run(args);

        Assert.Equal(CliApp.UserError, result.ExitCode);
        Assert.StartsWith("repro: error: ", result.ErrorLines[0]);
        Assert.EndsWith("--help' for usage.", result.ErrorLines[^1]);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Bare_repro_lists_the_commands_on_stderr_and_exits_1()
    {
        var result = _cli.Run();

        Assert.Equal(CliApp.UserError, result.ExitCode);
        foreach (var command in new[] { "init", "run", "runs", "experiments", "demo" })
        {
            Assert.Contains($"\n  {command} ", result.Error);
        }
    }

    [Fact]
    public void Help_overview_shows_one_line_per_command_and_usage_says_repro()
    {
        var result = _cli.Run("--help");

        Assert.Equal(CliApp.Success, result.ExitCode);
        Assert.Contains("Usage: repro COMMAND", result.Output);
        // repro run's long description (the environment variables) stays in 'repro run --help'.
        Assert.DoesNotContain("REPRO_METRICS", result.Output);
        Assert.Contains("REPRO_METRICS", _cli.Run("run", "--help").Output);
        Assert.Contains("repro run", _cli.Run("run", "--help").Output);
    }
}
