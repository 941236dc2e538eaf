using System.Diagnostics;
using System.Text;
using Repro.Cli.Running;

namespace Repro.Cli.Tests.Support;

/// <summary>
/// <c>repro</c> started as a real process (the Repro.Cli.dll next to the test assembly, under the
/// dotnet host), for what only a separate process can show: signals and dying mid-run. Its stdout and
/// stderr are collected; dispose kills whatever is still running.
/// </summary>
public sealed class RunWrapperProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    public RunWrapperProcess(string workingDirectory, params string[] args)
    {
        var cliAssembly = typeof(CliApp).Assembly.Location;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(cliAssembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("REPRO_STORE");
        info.Environment.Remove("REPRO_RUN_ID");
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(_out, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Out => Read(_out);

    public string Error => Read(_error);

    /// <summary>Sends a signal (see <see cref="PosixProcess"/> for the numbers) to the repro process itself.</summary>
    public void Signal(int signal) => Assert.True(PosixProcess.SendSignal(_process.Id, signal), $"could not send signal {signal} to {_process.Id}");

    /// <summary>Waits (bounded) for the process to exit and returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"repro did not exit within {timeout.TotalSeconds:0} s. stderr so far:\n{Error}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.Append(line).Append('\n');
        }
    }

    private static string Read(StringBuilder source)
    {
        lock (source)
        {
            return source.ToString();
        }
    }
}
