using Repro.Tracking;

namespace Repro.Profiling;

/// <summary>
/// Samples system metrics on a background thread every <see cref="SamplerOptions.Interval"/>, and logs
/// each window of <see cref="SamplerOptions.SamplesPerWindow"/> samples as mean and maximum
/// (see <see cref="SystemMetrics"/>). A probe that fails is reported once and switched off; the sampler
/// never throws into the run.
/// </summary>
internal sealed class SystemSampler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ISampleProbe> _probes;
    private readonly SamplerOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<IReadOnlyList<MetricPoint>> _log;
    private readonly Action<string> _report;
    private readonly SampleReadings _readings = new();
    private readonly Dictionary<string, Window> _window = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Accumulator> _whole = new(StringComparer.Ordinal);
    private readonly List<Action<SampleReadings>> _observers = [];
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;
    private int _samplesInWindow;
    private long _windowNumber;
    private double _cpuSeconds;

    public SystemSampler(IEnumerable<ISampleProbe> probes, SamplerOptions options, TimeProvider time, Action<IReadOnlyList<MetricPoint>> log, Action<string> report)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SamplesPerWindow);
        _probes = [.. probes];
        _options = options;
        _time = time;
        _log = log;
        _report = report;
    }

    /// <summary>CPU time the sampling thread itself has used, in seconds (Linux; 0 elsewhere).</summary>
    public double CpuSeconds
    {
        get
        {
            lock (_gate)
            {
                return _cpuSeconds;
            }
        }
    }

    /// <summary>Calls <paramref name="observer"/> with every sample's readings, on the sampling thread.</summary>
    public void Observe(Action<SampleReadings> observer)
    {
        lock (_gate)
        {
            _observers.Add(observer);
        }
    }

    /// <summary>Starts sampling on a background thread.</summary>
    public void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "repro system sampler", Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Reads every probe once and adds the values to the current window; logs the window when it is full.</summary>
    public void SampleOnce()
    {
        lock (_gate)
        {
            var cpuBefore = ProcessClock.CurrentThread();
            _readings.Clear();
            foreach (var probe in _probes.ToList())
            {
                try
                {
                    probe.Read(_readings);
                }
                catch (Exception ex)
                {
                    _probes.Remove(probe);
                    _report($"system metrics: the {probe.Name} probe failed ({ex.Message}); it is switched off for this run.");
                }
            }

            foreach (var (key, value, kind) in _readings.Values)
            {
                if (!double.IsFinite(value))
                {
                    continue;
                }

                ref var window = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_window, key, out var existed);
                window = existed ? window.Add(value) : new Window(kind, value, value, value, 1);
                ref var whole = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_whole, key, out existed);
                whole = existed ? whole.Add(value) : new Accumulator(value, value, value, 1);
            }

            foreach (var observer in _observers)
            {
                observer(_readings);
            }

            if (++_samplesInWindow >= _options.SamplesPerWindow)
            {
                FlushWindow();
            }

            _cpuSeconds += Math.Max(0, ProcessClock.CurrentThread() - cpuBefore);
        }
    }

    /// <summary>Stops the thread and logs the last, partial window.</summary>
    public void Stop()
    {
        _stop.Set();
        _thread?.Join();
        _thread = null;
        lock (_gate)
        {
            FlushWindow();
            foreach (var probe in _probes.OfType<IDisposable>())
            {
                probe.Dispose();
            }

            _probes.Clear();
        }
    }

    /// <summary>Every series over the whole run so far, by key.</summary>
    public IReadOnlyList<SeriesSummary> Summaries()
    {
        lock (_gate)
        {
            return [.. _whole.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new SeriesSummary(p.Key, p.Value.Count, p.Value.Sum / p.Value.Count, p.Value.Max, p.Value.Last))];
        }
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private void Loop()
    {
        while (!_stop.Wait(_options.Interval))
        {
            SampleOnce();
        }
    }

    private void FlushWindow()
    {
        if (_samplesInWindow == 0)
        {
            return;
        }

        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var points = new List<MetricPoint>(_window.Count * 2);
        foreach (var (key, window) in _window)
        {
            if (window.Kind == SeriesKind.Gauge)
            {
                points.Add(new MetricPoint(key, window.Sum / window.Count, _windowNumber, timestamp));
                points.Add(new MetricPoint(key + SystemMetrics.MaxSuffix, window.Max, _windowNumber, timestamp));
            }
            else
            {
                points.Add(new MetricPoint(key, window.Last, _windowNumber, timestamp));
            }
        }

        _window.Clear();
        _samplesInWindow = 0;
        _windowNumber++;
        if (points.Count > 0)
        {
            try
            {
                _log(points);
            }
            catch (Exception ex) when (ex is ReproException or IOException or InvalidOperationException)
            {
                _report($"system metrics: could not log a window ({ex.Message}).");
            }
        }
    }

    private readonly record struct Window(SeriesKind Kind, double Sum, double Max, double Last, int Count)
    {
        public Window Add(double value) => new(Kind, Sum + value, Math.Max(Max, value), value, Count + 1);
    }

    private readonly record struct Accumulator(double Sum, double Max, double Last, int Count)
    {
        public Accumulator Add(double value) => new(Sum + value, Math.Max(Max, value), value, Count + 1);
    }
}
