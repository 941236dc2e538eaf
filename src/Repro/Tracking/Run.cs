using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Repro.Environments;
using Repro.Profiling;
using Repro.Storage;

namespace Repro.Tracking;

/// <summary>
/// A run being tracked by this process: log params, metrics and tags to it, then dispose it.
/// </summary>
/// <remarks>
/// <para><see cref="LogMetric(string, double, long)"/> only appends to an in-memory buffer; a background thread writes batches
/// to the store every <see cref="RunOptions.FlushInterval"/> (1 s by default), so a crash loses at
/// most that interval's points. <see cref="LogParam(string, string)"/> and <see cref="SetTag"/> write
/// through at once: they are rare, and a param conflict must fail where it happens.</para>
/// <para>A run this process started (an owned run) ends FINISHED when disposed, FAILED on an unhandled
/// exception and KILLED on SIGINT or SIGTERM. Under <c>repro run</c> the run is attached instead:
/// <c>repro run</c> owns its life cycle, and disposing only flushes.</para>
/// </remarks>
public sealed partial class Run : IDisposable
{
    private readonly IRunStore _store;
    private readonly bool _ownsStore;
    private readonly TimeProvider _time;
    private readonly MetricWriter _writer;
    private readonly Dictionary<string, string> _params;
    private readonly Lock _gate = new();
    private readonly List<IDisposable> _processHooks = [];
    private volatile HashSet<string> _metricKeys = new(StringComparer.Ordinal);
    private readonly StoreRegistry _registry;
    private readonly RunProfiler _profiler;
    private readonly bool _printPhaseTable;
    private readonly bool _recordProfile;
    private int _ended;

    // The exception last thrown on each thread while a run is being tracked (see Dispose).
    [ThreadStatic]
    private static Exception? _lastThrownOnThread;

    private Run(RunInfo info, IRunStore store, bool ownsStore, bool attached, TimeProvider time, RunOptions options, Dictionary<string, string> knownParams)
    {
        Info = info;
        _store = store;
        _ownsStore = ownsStore;
        IsAttached = attached;
        _time = time;
        _params = knownParams;
        _registry = options.Registry ?? StoreRegistry.Default;
        _writer = new MetricWriter(store, info.Id, time, options.FlushInterval, options.MaxBufferedPoints, ReportWriterError);
        _printPhaseTable = options.PrintPhaseTable && !attached;
        _recordProfile = options.RecordProfile;
        _profiler = new RunProfiler(info, attached, options.Sampler, time, LogSampled, ReportProfiler);
        if (!attached && options.HandleProcessEvents)
        {
            HookProcessEvents();
        }
    }

    /// <summary>The run's id.</summary>
    public RunId Id => Info.Id;

    /// <summary>The root seed every random choice of the run derives from.</summary>
    public ulong Seed => Info.Seed;

    /// <summary>The run as it was when this handle was created.</summary>
    public RunInfo Info { get; }

    /// <summary>True when the run was created by <c>repro run</c> and this process only reports into it.</summary>
    public bool IsAttached { get; }

    /// <summary>The params known to this handle: those passed by <c>repro run</c> and those logged here.</summary>
    public IReadOnlyDictionary<string, string> Params
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, string>(_params, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The store the run is written to.</summary>
    public IRunStore Store => _store;

    /// <summary>
    /// Starts a run, or attaches to the one named by <c>REPRO_RUN_ID</c> when this process was started
    /// by <c>repro run</c> (the wrapper's store, seed and params then win over <paramref name="options"/>).
    /// </summary>
    /// <exception cref="StoreException">No store is found or it cannot be opened.</exception>
    /// <exception cref="InvalidRunDataException">A name breaks a limit.</exception>
    public static Run Start(RunOptions? options = null)
    {
        options ??= new RunOptions();
        var env = options.EnvironmentReader ?? System.Environment.GetEnvironmentVariable;
        var time = options.TimeProvider ?? TimeProvider.System;
        var registry = options.Registry ?? StoreRegistry.Default;
        var attachTo = options.AttachToEnvironment ? env(RunEnvironment.RunId) : null;

        var ownsStore = options.Store is null;
        var store = options.Store ?? OpenStore(options, registry, attachTo is null ? options.StoreUri : null, env(RunEnvironment.Store));
        try
        {
            return attachTo is null
                ? StartOwned(options, store, ownsStore, time)
                : Attach(attachTo, options, store, ownsStore, time, env);
        }
        catch
        {
            if (ownsStore)
            {
                store.Dispose();
            }

            throw;
        }
    }

    private static IRunStore OpenStore(RunOptions options, StoreRegistry registry, string? uri, string? environmentValue)
    {
        var folder = options.WorkingDirectory ?? Directory.GetCurrentDirectory();
        if (StoreLocator.TryLocate(uri, environmentValue, folder, out var location))
        {
            return registry.Open(location);
        }

        return options.CreateStoreIfMissing
            ? registry.Create(StoreLocation.ForProject(folder))
            : registry.Open(StoreLocator.Locate(uri, environmentValue, folder));
    }

    /// <summary>
    /// The value of param <paramref name="key"/>: the one passed by <c>repro run -p</c> (or recorded by the run a
    /// replay re-executes) when there is one, otherwise <paramref name="defaultValue"/>, which is then logged, so the
    /// run records every setting it used either way. Read with the invariant culture.
    /// </summary>
    /// <typeparam name="T">The value's type, such as <see cref="int"/>, <see cref="double"/> or <see cref="string"/>.</typeparam>
    /// <exception cref="InvalidRunDataException">The passed value does not parse as <typeparamref name="T"/> (the message names the key and the value), or the key is invalid.</exception>
    public T Param<T>(string key, T defaultValue)
        where T : IParsable<T>
    {
        ArgumentNullException.ThrowIfNull(defaultValue);
        if (Params.TryGetValue(key, out var text))
        {
            return T.TryParse(text, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidRunDataException($"Param '{key}' is '{TrackingLimits.Shorten(text)}', which is not a valid {typeof(T).Name}.");
        }

        LogParam(key, defaultValue is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : defaultValue.ToString()!);
        return defaultValue;
    }

    /// <summary>Records a param. Logging the same value again is a no-op; a different value is an error.</summary>
    /// <exception cref="InvalidRunDataException">Invalid key, over-long value, or the param already has another value (the message names both).</exception>
    public void LogParam(string key, string value)
    {
        TrackingLimits.ValidateKey("param", key);
        TrackingLimits.ValidateParamValue(key, value);
        lock (_gate)
        {
            if (_params.TryGetValue(key, out var existing))
            {
                if (existing == value)
                {
                    return;
                }

                throw ParamChanged(key, existing, value);
            }

            _store.WriteBatch(Id, RunBatch.OfParams(KeyValuePair.Create(key, value)));
            _params[key] = value;
        }
    }

    /// <summary>Records a numeric param, formatted with the invariant culture ("round-trip" for doubles).</summary>
    public void LogParam(string key, double value) => LogParam(key, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Records an integer param.</summary>
    public void LogParam(string key, long value) => LogParam(key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Appends a metric point, timestamped now. Never waits on I/O: the point is buffered and written
    /// by a background thread within <see cref="RunOptions.FlushInterval"/>.
    /// </summary>
    /// <param name="key">The metric name.</param>
    /// <param name="value">The value; NaN and the infinities are kept exactly.</param>
    /// <param name="step">The step or epoch; default 0.</param>
    /// <exception cref="InvalidRunDataException">The key is invalid.</exception>
    public void LogMetric(string key, double value, long step = 0)
    {
        if (!_metricKeys.Contains(key))
        {
            AddMetricKey(key);
        }

        _writer.Enqueue(new MetricPoint(key, value, step, _time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    /// <summary>
    /// Appends a metric point observed at a given time (for points reported by another process, such as
    /// the JSON lines a command wrapped by <c>repro run</c> writes). Buffered like <see cref="LogMetric(string, double, long)"/>.
    /// </summary>
    /// <param name="key">The metric name.</param>
    /// <param name="value">The value; NaN and the infinities are kept exactly.</param>
    /// <param name="step">The step or epoch.</param>
    /// <param name="timestampMs">When the value was observed, in milliseconds since the Unix epoch (UTC).</param>
    /// <exception cref="InvalidRunDataException">The key is invalid.</exception>
    public void LogMetric(string key, double value, long step, long timestampMs)
    {
        if (!_metricKeys.Contains(key))
        {
            AddMetricKey(key);
        }

        _writer.Enqueue(new MetricPoint(key, value, step, timestampMs));
    }

    /// <summary>Sets a tag, replacing any earlier value. Writes through at once.</summary>
    /// <exception cref="InvalidRunDataException">Invalid key or over-long value.</exception>
    public void SetTag(string key, string value)
    {
        TrackingLimits.ValidateKey("tag", key);
        TrackingLimits.ValidateTagValue(key, value);
        _store.WriteBatch(Id, RunBatch.OfTags(KeyValuePair.Create(key, value)));
    }

    /// <summary>
    /// Starts a phase: until the returned scope is disposed, its wall time, CPU time (user and system),
    /// managed allocation, garbage collections and pause time, and peak resident memory are measured.
    /// Phases nest. The phase table is stored with the run (see <c>repro profile</c>) when it ends.
    /// </summary>
    /// <param name="name">The phase's name, such as "train"; not empty, without '/'.</param>
    /// <exception cref="ArgumentException">The name is empty or holds '/'.</exception>
    public PhaseScope Phase(string name) => _profiler.Recorder.Begin(name);

    /// <summary>Blocks until every metric point logged so far is in the store.</summary>
    /// <exception cref="StoreException">The store failed; the points stay buffered and are retried.</exception>
    public void Flush() => _writer.Flush();

    /// <summary>
    /// Ends the run with a status, flushing first. Only the first call has an effect. An attached run is
    /// only flushed: <c>repro run</c> decides its status.
    /// </summary>
    /// <param name="status">The final status; not <see cref="RunStatus.Running"/>.</param>
    /// <param name="reason">Why it ended that way, recorded as the <see cref="SystemTags.FailureReason"/> tag.</param>
    public void End(RunStatus status, string? reason = null) => End(status, reason, inFlight: null);

    /// <summary>Ends the run FINISHED (or, when attached, flushes it).</summary>
    /// <remarks>
    /// Under <c>async Task Main</c>, or a <c>catch</c> that rethrows, a <c>using</c> scope is disposed while
    /// an exception is still on its way to becoming unhandled. The run then ends FINISHED here, and is
    /// changed to FAILED if that very exception turns out to be unhandled.
    /// </remarks>
    public void Dispose() => End(RunStatus.Finished, reason: null, inFlight: _processHooks.Count > 0 ? _lastThrownOnThread : null);

    private void End(RunStatus status, string? reason, Exception? inFlight)
    {
        if (status == RunStatus.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "A run cannot end in the RUNNING state.");
        }

        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        foreach (var hook in _processHooks)
        {
            hook.Dispose();
        }

        var profile = _profiler.Finish();
        _writer.Dispose();
        try
        {
            SaveProfile(profile);
            var tags = new List<KeyValuePair<string, string>>();
            if (reason is not null)
            {
                tags.Add(FailureReasonTag(reason));
            }

            if (_writer.DroppedPoints > 0)
            {
                tags.Add(new(SystemTags.DroppedPoints, _writer.DroppedPoints.ToString(CultureInfo.InvariantCulture)));
            }

            if (tags.Count > 0)
            {
                _store.WriteBatch(Id, new RunBatch([], [], tags));
            }

            if (!IsAttached && _store.TryEndRun(Id, RunStatus.Running, status, _time.GetUtcNow().ToUnixTimeMilliseconds()) && inFlight is not null)
            {
                FailIfUnhandled(inFlight);
            }
        }
        finally
        {
            if (_ownsStore)
            {
                _store.Dispose();
            }
        }
    }

    private static Run StartOwned(RunOptions options, IRunStore store, bool ownsStore, TimeProvider time)
    {
        var experiment = options.Experiment ?? Experiment.DefaultName;
        TrackingLimits.ValidateName("experiment", experiment);
        var now = time.GetUtcNow();
        var name = options.Name ?? $"{experiment}-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        TrackingLimits.ValidateName("run", name);
        var info = store.CreateRun(new NewRun(
            RunId.New(), experiment, name, now.ToUnixTimeMilliseconds(), options.Seed ?? DrawSeed(), options.ParentRunId, ProcessIdentity.Current()));
        if (options.CaptureEnvironment)
        {
            ProcessManifest.Record(store, info, time, options.ProgramFolder);
        }

        return new Run(info, store, ownsStore, attached: false, time, options, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    private static Run Attach(string runId, RunOptions options, IRunStore store, bool ownsStore, TimeProvider time, Func<string, string?> env)
    {
        var info = store.GetRun(RunId.Parse(runId));
        var known = new Dictionary<string, string>(store.GetRunData(info.Id).Params, StringComparer.Ordinal);
        var passed = env(RunEnvironment.Params);
        if (!string.IsNullOrWhiteSpace(passed))
        {
            Dictionary<string, string>? values;
            try
            {
                values = JsonSerializer.Deserialize<Dictionary<string, string>>(passed);
            }
            catch (JsonException ex)
            {
                throw new InvalidRunDataException($"{RunEnvironment.Params} must be a JSON object of string values, such as {{\"lr\": \"0.01\"}}: {ex.Message}");
            }

            foreach (var (key, value) in values ?? [])
            {
                known.TryAdd(key, value);
            }
        }

        if (options.CaptureEnvironment)
        {
            ProcessManifest.AmendNativePatches(store, info.Id, options.ProgramFolder);
        }

        return new Run(info, store, ownsStore, attached: true, time, options, known);
    }

    /// <summary>Draws a root seed from the operating system's cryptographic generator.</summary>
    public static ulong DrawSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));

    internal static InvalidRunDataException ParamChanged(string key, string existing, string value) =>
        new($"Param '{key}' is already '{TrackingLimits.Shorten(existing)}' and cannot change to '{TrackingLimits.Shorten(value)}': params are write-once. Log a new key or start a new run.");

    private void AddMetricKey(string key)
    {
        TrackingLimits.ValidateKey("metric", key);
        lock (_gate)
        {
            // Copy on write: readers on the hot path see either the old set or the complete new one.
            _metricKeys = new HashSet<string>(_metricKeys, StringComparer.Ordinal) { key };
        }
    }

    // The whole reason up to the tag limit: Shorten's 60 characters would cut off most exception messages.
    private static KeyValuePair<string, string> FailureReasonTag(string reason) => new(
        SystemTags.FailureReason,
        reason.Length <= TrackingLimits.MaxTagValueLength ? reason : string.Concat(reason.AsSpan(0, TrackingLimits.MaxTagValueLength - 3), "..."));

    private static string UnhandledReason(object exception) =>
        exception is Exception ex ? $"Unhandled {ex.GetType().Name}: {ex.Message}" : "Unhandled exception";

    /// <summary>
    /// Watches for <paramref name="inFlight"/>, thrown before the run was disposed FINISHED, becoming
    /// unhandled; if it does, the run failed after all. The handler holds only what it needs, not the run.
    /// </summary>
    private void FailIfUnhandled(Exception inFlight)
    {
        var (id, time, registry, uri, store) = (Id, _time, _registry, _store.Uri, _ownsStore ? null : _store);
        UnhandledExceptionEventHandler? onUnhandled = null;
        onUnhandled = (_, e) =>
        {
            if (!ReferenceEquals(e.ExceptionObject, inFlight))
            {
                return;
            }

            AppDomain.CurrentDomain.UnhandledException -= onUnhandled;
            try
            {
                // The run's own store was closed when it ended: open it again for this one write.
                using var reopened = store is null ? registry.Open(StoreLocation.Parse(uri, Directory.GetCurrentDirectory())) : null;
                var target = reopened ?? store!;
                if (target.TryEndRun(id, RunStatus.Finished, RunStatus.Failed, time.GetUtcNow().ToUnixTimeMilliseconds()))
                {
                    target.WriteBatch(id, RunBatch.OfTags(FailureReasonTag(UnhandledReason(inFlight))));
                }
            }
            catch (Exception)
            {
                // The process is going down with the original exception; nothing may escape this handler.
            }
        };
        AppDomain.CurrentDomain.UnhandledException += onUnhandled;
    }

    private void HookProcessEvents()
    {
        UnhandledExceptionEventHandler onUnhandled = (_, e) => End(RunStatus.Failed, UnhandledReason(e.ExceptionObject));
        EventHandler<FirstChanceExceptionEventArgs> onThrown = (_, e) => _lastThrownOnThread = e.Exception;
        _lastThrownOnThread = null;
        EventHandler onExit = (_, _) =>
            End(System.Environment.ExitCode == 0 ? RunStatus.Finished : RunStatus.Failed,
                System.Environment.ExitCode == 0 ? null : $"Process exited with code {System.Environment.ExitCode} without ending the run");
        AppDomain.CurrentDomain.UnhandledException += onUnhandled;
        AppDomain.CurrentDomain.ProcessExit += onExit;
        AppDomain.CurrentDomain.FirstChanceException += onThrown;
        _processHooks.Add(new Unsubscribe(() =>
        {
            AppDomain.CurrentDomain.UnhandledException -= onUnhandled;
            AppDomain.CurrentDomain.ProcessExit -= onExit;
            AppDomain.CurrentDomain.FirstChanceException -= onThrown;
        }));

        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            // Not cancelled: after the run is ended, the process terminates as it would have.
            _processHooks.Add(PosixSignalRegistration.Create(signal, ctx => End(RunStatus.Killed, $"Received {ctx.Signal}")));
        }
    }

    private void LogSampled(IReadOnlyList<MetricPoint> points)
    {
        foreach (var point in points)
        {
            LogMetric(point.Key, point.Value, point.Step, point.TimestampMs);
        }
    }

    /// <summary>Stores the profile and prints the phase table; a failure is reported, never thrown: the run's outcome matters more.</summary>
    private void SaveProfile((RunProfile Profile, string TextName)? finished)
    {
        if (finished is not { } result || !_recordProfile)
        {
            return;
        }

        try
        {
            _store.PutRunText(Id, result.TextName, result.Profile.ToJson());
        }
        catch (ReproException ex)
        {
            ReportProfiler($"could not store the profile of run {Id} ({ex.Message}).");
        }

        if (_printPhaseTable && result.Profile.Phases.Count > 0)
        {
            var lines = PhaseTable.Lines(result.Profile);
            Console.Error.WriteLine($"repro: phases of run {Id.Value[..8]}:\n{string.Join('\n', lines)}");
        }
    }

    private static void ReportProfiler(string message) => Console.Error.WriteLine($"repro: {message}");

    private void ReportWriterError(Exception error) =>
        Console.Error.WriteLine($"repro: could not write metrics for run {Id} ({error.Message}); retrying every flush interval.");

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
