using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Repro.Artifacts;
using Repro.Environments;
using Repro.Profiling;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Running;

/// <summary>
/// Runs one command as a tracked run: creates the run, starts the command with the run in its
/// environment, takes in its metrics file, tees and saves its output, passes signals on, records its
/// outputs and ends the run with the status its exit code (or a signal) calls for.
/// </summary>
internal sealed class RunSupervisor
{
    /// <summary>How often the metrics file is read while the command runs.</summary>
    public static readonly TimeSpan MetricsPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How long to wait for the output pipes to close after the command exits (a background child may hold them).</summary>
    private static readonly TimeSpan PipeDrainTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ExitPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly CliEnvironment _environment;
    private readonly Lock _errorGate = new();
    private readonly Lock _outGate = new();
    private int _reportedRejection;

    public RunSupervisor(CliEnvironment environment) => _environment = environment;

    /// <summary>Runs the command in <paramref name="request"/> against an open store and returns how it ended.</summary>
    public RunOutcome Execute(IRunStore store, RunRequest request)
    {
        using var signals = SignalForwarder.Register(Say, _environment.Time);
        var run = Run.Start(new RunOptions
        {
            Store = store,
            AttachToEnvironment = false,
            HandleProcessEvents = false,
            CaptureEnvironment = false,
            Sampler = new SamplerOptions { Enabled = false },
            PrintPhaseTable = false,
            RecordProfile = false,
            Seed = request.Seed,
            Experiment = request.Experiment,
            Name = request.Name,
            TimeProvider = _environment.Time,
        });
        var started = _environment.Time.GetTimestamp();
        Process? child = null;
        try
        {
            var recordedCommand = SecretRedactor.RedactCommand(request.Command, out _);
            var tags = new List<KeyValuePair<string, string>> { new(SystemTags.Command, RunArguments.CommandTag(recordedCommand)) };
            tags.AddRange(request.Tolerances);
            tags.AddRange(request.Tags ?? []);
            tags.AddRange(ProfilingTagsFor(request));
            store.WriteBatch(run.Id, new RunBatch([], request.Params, tags));
            var folders = RunFolders.Create(store, run.Id, _environment.CurrentDirectory);
            Say($"run {run.Id} started (experiment {run.Info.ExperimentName}, seed {run.Seed})");

            if (signals.Received is { } early)
            {
                // Stopped before the command started: do not start it.
                return Finish(run, started, RunStatus.Killed, 128 + PosixProcess.Number(early), $"Received {early}", []);
            }

            var startInfo = ChildStartInfo(request, run, store, folders);
            CommandManifest.Record(_environment, store, run, request.Command, "repro run", startInfo.Environment, Say);
            child = StartChild(request, startInfo);
            signals.Attach(child);
            using var monitor = new RunMonitor(
                child, run, request.Budget ?? new ResourceBudget(null, null), request.Sampler ?? new SamplerOptions(), _environment.Nvml, _environment.Time, Say,
                (key, value) => store.WriteBatch(run.Id, RunBatch.OfTags(KeyValuePair.Create(key, value))));
            var stdout = new StreamTee(child.StandardOutput.BaseStream, _environment.Out, _outGate, "stdout");
            var stderr = new StreamTee(child.StandardError.BaseStream, _environment.Error, _errorGate, "stderr");
            stdout.Start();
            stderr.Start();
            using var follower = new MetricsFileFollower(
                folders.MetricsFile,
                MetricsPollInterval,
                _environment.Time,
                point => run.LogMetric(point.Key, point.Value, point.Step, point.TimestampMs),
                ReportRejectedLine);
            follower.Start();

            while (!child.WaitForExit(ExitPollInterval))
            {
                signals.EnforceGracePeriod();
                monitor.Check();
            }

            var exitCode = child.ExitCode;
            monitor.WaitForDescendants(() => signals.Received is not null);
            if (!stdout.Wait(PipeDrainTimeout) | !stderr.Wait(PipeDrainTimeout))
            {
                Say("the command exited, but a process it started still holds its output open; the rest of that output is not captured.");
            }

            try
            {
                follower.Stop();
            }
            catch (IOException ex)
            {
                // The command's outcome still counts; only the unread points are lost.
                Say(ex.Message);
            }

            store.PutRunText(run.Id, "stdout", stdout.Captured.ToString());
            store.PutRunText(run.Id, "stderr", stderr.Captured.ToString());

            var endTags = new List<KeyValuePair<string, string>> { OutputsTag(store, run.Id, folders) };
            if (OutputsArtifactTag(store, run.Id, folders) is { } artifactTag)
            {
                endTags.Add(artifactTag);
            }

            if (follower.RejectedLines > 0)
            {
                endTags.Add(new(SystemTags.RejectedMetricLines, follower.RejectedLines.ToString(CultureInfo.InvariantCulture)));
                if (follower.RejectedLines > 1)
                {
                    Say($"{follower.RejectedLines} metric lines in all were ignored (tag {SystemTags.RejectedMetricLines}).");
                }
            }

            var profile = monitor.Finish(ChildPhases(store, run.Id, Say), 0);
            store.PutRunText(run.Id, RunProfile.TextName, profile.ToJson());
            if (profile.Phases.Count > 0)
            {
                Say($"phases of run {run.Id.Value[..8]}:\n{string.Join('\n', PhaseTable.Lines(profile))}");
            }

            if (monitor.Exceeded is { } limit)
            {
                endTags.Add(new(ProfilingTags.BudgetExceeded, limit));
                // A run stopped by a budget never reports success, even when the command itself had exited 0
                // and only processes it left behind were stopped: exit as SIGTERM would have ended it.
                exitCode = exitCode == 0 ? 128 + PosixProcess.SigTerm : exitCode;
            }

            var (status, reason) = monitor.ExceededReason is { } exceeded
                ? (RunStatus.Killed, exceeded)
                : signals.Received is { } signal
                ? (RunStatus.Killed, signals.KilledChild ? $"Received {signal}; the command did not stop and was killed" : $"Received {signal}")
                : exitCode == 0
                    ? (RunStatus.Finished, (string?)null)
                    : (RunStatus.Failed, ExitReason(exitCode));
            return Finish(run, started, status, exitCode, reason, endTags);
        }
        catch (Exception ex)
        {
            StopChild(child);
            try
            {
                run.End(RunStatus.Failed, $"repro run failed: {ex.Message}");
            }
            catch (ReproException)
            {
                // The store is failing too; the original error says more, and the reaper ends the run later.
            }

            throw;
        }
        finally
        {
            child?.Dispose();
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> ProfilingTagsFor(RunRequest request)
    {
        if (request.Device is { } device)
        {
            yield return new(ProfilingTags.Device, device.Device);
            yield return new(ProfilingTags.DeviceReason, device.Reason);
        }

        if (request.Budget?.MaxMemoryBytes is { } memory)
        {
            yield return new(ProfilingTags.MaxMemory, memory.ToString(CultureInfo.InvariantCulture));
        }

        if (request.Budget?.MaxTime is { } time)
        {
            yield return new(ProfilingTags.MaxTime, time.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The phases a .NET command attached to the run recorded, if any; a profile that cannot be read is reported and skipped.</summary>
    private static IReadOnlyList<PhaseRecord> ChildPhases(IRunStore store, RunId runId, Action<string> say)
    {
        if (store.GetRunText(runId, RunProfile.AttachedTextName) is not { } json)
        {
            return [];
        }

        try
        {
            return RunProfile.Parse(json).Phases;
        }
        catch (InvalidRunDataException ex)
        {
            say($"the command's phases could not be read ({ex.Message}).");
            return [];
        }
    }

    /// <summary>Why a run FAILED: the exit code, and for 129..192 the signal that usually means.</summary>
    private static string ExitReason(int exitCode)
    {
        var reason = $"exited with code {exitCode}";
        var signal = exitCode - 128;
        var name = signal switch
        {
            1 => "SIGHUP",
            2 => "SIGINT",
            3 => "SIGQUIT",
            4 => "SIGILL",
            6 => "SIGABRT",
            7 => "SIGBUS",
            8 => "SIGFPE",
            9 => "SIGKILL",
            11 => "SIGSEGV",
            13 => "SIGPIPE",
            15 => "SIGTERM",
            _ => null,
        };
        return name is null ? reason : $"{reason} (128 + {signal}: ended by {name})";
    }

    private RunOutcome Finish(Run run, long started, RunStatus status, int exitCode, string? reason, IEnumerable<KeyValuePair<string, string>> tags)
    {
        run.Store.WriteBatch(run.Id, RunBatch.OfTags([new(SystemTags.ExitCode, exitCode.ToString(CultureInfo.InvariantCulture)), .. tags]));
        run.End(status, reason);
        return new RunOutcome(run.Id, status, exitCode, reason, (long)_environment.Time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Records the environment the command starts in (exactly the variables it is given). A capture that
    /// fails is reported and the command still runs: tracking never stops the user's work.
    /// </summary>
    private ProcessStartInfo ChildStartInfo(RunRequest request, Run run, IRunStore store, RunFolders folders)
    {
        var info = new ProcessStartInfo(request.ExecutablePath)
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _environment.CurrentDirectory,
        };
        foreach (var argument in request.Command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[RunEnvironment.Store] = store.Uri;
        info.Environment[RunEnvironment.RunId] = run.Id.Value;
        info.Environment[RunEnvironment.Seed] = run.Seed.ToString(CultureInfo.InvariantCulture);
        info.Environment[RunEnvironment.Params] = JsonSerializer.Serialize(
            request.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), CliJson.Compact);
        info.Environment[RunEnvironment.Metrics] = folders.MetricsFile;
        info.Environment[RunEnvironment.Outputs] = folders.OutputsFolder;
        // Python block-buffers a piped stdout; unbuffered, its output shows (and is captured) live.
        info.Environment["PYTHONUNBUFFERED"] = "1";
        if (request.Device is { } device)
        {
            info.Environment[ProfilingTags.DeviceVariable] = device.Device;
        }

        return info;
    }

    private static Process StartChild(RunRequest request, ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new InvalidRunArgumentException($"Could not start '{request.Command[0]}'.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidRunArgumentException($"Could not start '{request.Command[0]}': {ex.Message}.");
        }
    }

    private KeyValuePair<string, string> OutputsTag(IRunStore store, RunId runId, RunFolders folders)
    {
        var files = RunOutputs.Collect(folders.OutputsFolder, Say);
        var (tag, complete) = RunOutputs.TagValue(files);
        if (!complete)
        {
            store.PutRunText(runId, RunOutputs.FullListText, RunOutputs.ToJson(files));
            Say($"{files.Count} output files are too many to list in tag {SystemTags.Outputs}; the full list is the run text '{RunOutputs.FullListText}'.");
        }

        return new(SystemTags.Outputs, tag);
    }

    // The outputs folder becomes one folder artifact produced by the run. A store that cannot take it
    // (no artifacts, a full disk) costs a warning, never the run.
    private KeyValuePair<string, string>? OutputsArtifactTag(IRunStore store, RunId runId, RunFolders folders)
    {
        if (!Directory.Exists(folders.OutputsFolder) || !Directory.EnumerateFileSystemEntries(folders.OutputsFolder).Any())
        {
            return null;
        }

        try
        {
            var name = new ArtifactName("other", RunOutputs.ArtifactName(runId));
            var added = ArtifactRepository.Open(store, _environment.Time).Add(folders.OutputsFolder, name, producer: runId);
            return new(SystemTags.OutputsArtifact, added.Version.Digest);
        }
        catch (ReproException ex)
        {
            Say($"the outputs were not stored as an artifact: {ex.Message}");
            return null;
        }
    }

    private void ReportRejectedLine(long lineNumber, string reason)
    {
        // Only the first: a command that writes many bad lines should not drown its own output.
        if (Interlocked.Exchange(ref _reportedRejection, 1) == 0)
        {
            Say($"metrics file line {lineNumber} ignored: {reason}. Write one JSON object per line, such as {MetricLineParser.Example}; further bad lines are only counted.");
        }
    }

    private static void StopChild(Process? child)
    {
        try
        {
            if (child is { HasExited: false })
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit(PipeDrainTimeout);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void Say(string line)
    {
        lock (_errorGate)
        {
            _environment.Error.WriteLine($"repro: {line}");
            _environment.Error.Flush();
        }
    }
}
