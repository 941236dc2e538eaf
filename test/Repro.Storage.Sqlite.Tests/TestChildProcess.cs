using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Repro.Tracking;

namespace Repro.Storage.Sqlite.Tests;

/// <summary>
/// One run of test/Repro.TestChild (<c>dotnet Repro.TestChild.dll MODE STORE ARGS</c>) with its output
/// read line by line. Every wait is bounded; disposing kills the process if it is still running.
/// </summary>
internal sealed class TestChildProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>The longest any single wait on the child may take before the test fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly StringBuilder _errors = new();

    private TestChildProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public static TestChildProcess Start(string mode, string storePath, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ChildPath());
        info.ArgumentList.Add(mode);
        info.ArgumentList.Add(storePath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The child must start its own run in the store it is given, whatever the test host's environment says.
        foreach (var name in new[] { RunEnvironment.RunId, RunEnvironment.Store, RunEnvironment.Seed, RunEnvironment.Params })
        {
            info.Environment.Remove(name);
        }

        var process = new Process { StartInfo = info };
        var child = new TestChildProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._lines.CompleteAdding();
            }
            else
            {
                child._lines.Add(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (child._errors)
            {
                child._errors.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The next line the child printed, or null once its output has ended.</summary>
    public string? ReadLine()
    {
        try
        {
            if (_lines.TryTake(out var line, Patience))
            {
                return line;
            }
        }
        catch (InvalidOperationException)
        {
            // CompleteAdding was called while waiting: the output ended.
            return null;
        }

        return _lines.IsCompleted ? null : throw new TimeoutException($"The child printed nothing for {Patience}. Its stderr: {Errors}");
    }

    /// <summary>Reads the child's "ready RUN_ID" line.</summary>
    public RunId ReadReady()
    {
        var line = ReadLine() ?? throw new InvalidOperationException($"The child ended before it was ready. Its stderr: {Errors}");
        Assert.StartsWith("ready ", line, StringComparison.Ordinal);
        return RunId.Parse(line["ready ".Length..]);
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the child to exit and for its output to be read to the end; returns the exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(Patience))
        {
            throw new TimeoutException($"The child did not exit within {Patience}. Its stderr: {Errors}");
        }

        // Drains the redirected output; returns promptly once the process has exited.
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
                _process.WaitForExit(Patience);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
            _lines.Dispose();
        }
    }

    private static string ChildPath()
    {
        var path = typeof(TestChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "Repro.TestChild")?.Value;
        return path is not null && File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Repro.TestChild was not built at '{path}'; build test/Repro.Storage.Sqlite.Tests.");
    }

    private static string DotnetHost()
    {
        // The SDK names the muxer it runs under; a test host launched another way falls back to PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
