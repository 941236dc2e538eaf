namespace Repro.Profiling;

/// <summary>
/// The processes of one run: a root process and every process descended from it, including those
/// whose parent exited (they are re-parented to init, so the parent links alone would lose them).
/// </summary>
/// <remarks>
/// <para>Each <see cref="Refresh"/> lists <c>/proc</c> and looks only at processes that are new since the
/// last listing: one joins the tree when its parent is in the tree, or, when it started after the root,
/// when its environment holds the run's marker (<c>REPRO_RUN_ID=...</c>, inherited by every descendant
/// that does not clear its environment). A process that starts and exits between two refreshes is
/// not seen; its CPU time still counts once its parent waits for it (see <see cref="ProcessClock.Children"/>).</para>
/// <para>CPU time is summed from per-process deltas, so a process that exits keeps what it used up to
/// its last refresh. Processes are named by pid and start time, so a reused pid is not mistaken for one of ours.</para>
/// </remarks>
internal sealed class ProcessTree
{
    private readonly Lock _gate = new();
    private readonly int _rootPid;
    private readonly byte[]? _marker;
    private readonly bool _followDescendants;
    private readonly Dictionary<int, Member> _members = [];
    private HashSet<int> _listed = [];
    private long _rootStartTicks = -1;
    private long _cpuTicks;
    private long _userTicks;
    private long _systemTicks;
    private long _readBytes;
    private long _writeBytes;
    private long _peakBytes;

    /// <summary>Creates a tree rooted at <paramref name="rootPid"/>.</summary>
    /// <param name="rootPid">The root process.</param>
    /// <param name="marker">An environment entry (NAME=value) every descendant inherits, or null.</param>
    /// <param name="followDescendants">False to measure the root process alone (this process, in a library run).</param>
    public ProcessTree(int rootPid, byte[]? marker, bool followDescendants)
    {
        _rootPid = rootPid;
        _marker = marker;
        _followDescendants = followDescendants;
    }

    /// <summary>Reads every process of the tree now and returns the totals.</summary>
    public TreeReading Refresh()
    {
        lock (_gate)
        {
            if (_followDescendants)
            {
                Discover();
            }
            else if (_members.Count == 0 && ProcFs.ReadStat(_rootPid) is { } self)
            {
                _members[_rootPid] = new Member(self.StartTicks);
            }

            long rss = 0;
            var threads = 0;
            foreach (var (pid, member) in _members.ToList())
            {
                if (ProcFs.ReadStat(pid) is not { } stat || stat.StartTicks != member.StartTicks)
                {
                    _members.Remove(pid);
                    continue;
                }

                _cpuTicks += Math.Max(0, stat.CpuTicks - member.CpuTicks);
                _userTicks += Math.Max(0, stat.UserTicks - member.UserTicks);
                _systemTicks += Math.Max(0, stat.SystemTicks - member.SystemTicks);
                (member.CpuTicks, member.UserTicks, member.SystemTicks) = (stat.CpuTicks, stat.UserTicks, stat.SystemTicks);
                if (stat.State == 'Z')
                {
                    continue;
                }

                rss += stat.RssBytes;
                threads += stat.Threads;
                if (ProcFs.ReadStatusBytes(pid, "VmHWM") is { } hwm)
                {
                    member.PeakBytes = Math.Max(member.PeakBytes, hwm);
                    _peakBytes = Math.Max(_peakBytes, hwm);
                }

                if (ProcFs.ReadIo(pid) is { } io)
                {
                    if (member.Io is { } last)
                    {
                        _readBytes += Math.Max(0, io.Read - last.Read);
                        _writeBytes += Math.Max(0, io.Write - last.Write);
                    }

                    member.Io = io;
                }
            }

            _peakBytes = Math.Max(_peakBytes, rss);
            return new TreeReading(
                [.. _members.Keys], rss, _peakBytes, threads,
                (double)_cpuTicks / ProcFs.TicksPerSecond, (double)_userTicks / ProcFs.TicksPerSecond, (double)_systemTicks / ProcFs.TicksPerSecond,
                _readBytes, _writeBytes);
        }
    }

    /// <summary>The processes of the tree as last seen, as (pid, start ticks): for signalling them safely.</summary>
    public IReadOnlyList<(int Pid, long StartTicks)> Members()
    {
        lock (_gate)
        {
            return [.. _members.Select(m => (m.Key, m.Value.StartTicks))];
        }
    }

    private void Discover()
    {
        var pids = ProcFs.ListPids();
        var fresh = pids.Where(p => !_listed.Contains(p)).ToList();
        _listed = [.. pids];
        if (_rootStartTicks < 0)
        {
            if (ProcFs.ReadStat(_rootPid) is not { } root)
            {
                return;
            }

            _rootStartTicks = root.StartTicks;
            _members[_rootPid] = new Member(root.StartTicks);
        }

        var candidates = new List<ProcStat>(fresh.Count);
        foreach (var pid in fresh)
        {
            if (!_members.ContainsKey(pid) && ProcFs.ReadStat(pid) is { } stat && stat.StartTicks >= _rootStartTicks)
            {
                candidates.Add(stat);
            }
        }

        // Parents usually have lower pids, but pids wrap: repeat until nothing more joins.
        bool joined;
        do
        {
            joined = false;
            for (var i = candidates.Count - 1; i >= 0; i--)
            {
                var stat = candidates[i];
                if (_members.ContainsKey(stat.ParentPid) || (_marker is not null && ProcFs.EnvironmentContains(stat.Pid, _marker)))
                {
                    _members[stat.Pid] = new Member(stat.StartTicks);
                    candidates.RemoveAt(i);
                    joined = true;
                }
            }
        }
        while (joined && candidates.Count > 0);
    }

    private sealed class Member(long startTicks)
    {
        public long StartTicks { get; } = startTicks;

        public long CpuTicks { get; set; }

        public long UserTicks { get; set; }

        public long SystemTicks { get; set; }

        public long PeakBytes { get; set; }

        public (long Read, long Write)? Io { get; set; }
    }
}
