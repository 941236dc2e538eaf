using System.Text;
using Repro.Artifacts;
using Repro.Artifacts.Remotes;

namespace Repro.Tests.Artifacts.Remotes;

public sealed class ObjectTransferTests : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly FolderLocalObjects _local = new();
    private readonly FolderLocalObjects _otherLocal = new();
    private readonly string _remoteRoot = Directory.CreateTempSubdirectory("repro-remote-").FullName;

    public void Dispose()
    {
        _local.Dispose();
        _otherLocal.Dispose();
        Directory.Delete(_remoteRoot, recursive: true);
    }

    [Fact]
    public async Task Push_then_pull_into_another_store_restores_every_object_byte_for_byte()
    {
        var tree = new SampleTree(_local);
        using var remote = new FolderObjectRemote(_remoteRoot);

        var pushed = await new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None);
        var pulled = await new ObjectTransfer(_otherLocal, remote).PullAsync([tree.Root], CancellationToken.None);

        Assert.Equal(tree.All.Count, pushed.Transferred);
        Assert.Equal(tree.All.Count, pulled.Transferred);
        Assert.Equal(tree.All.Order(), _otherLocal.All().Order());
        foreach (var digest in tree.All)
        {
            Assert.Equal(File.ReadAllBytes(_local.PathFor(digest)), File.ReadAllBytes(_otherLocal.PathFor(digest)));
        }

        Assert.Empty(Directory.EnumerateFiles(_otherLocal.TempFolder));
    }

    [Fact]
    public async Task A_second_push_asks_only_about_the_root_and_uploads_nothing()
    {
        var tree = new SampleTree(_local);
        using var remote = new RecordingRemote(new FolderObjectRemote(_remoteRoot));
        await new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None);
        remote.Uploaded.Clear();
        var requestsBefore = remote.ExistenceRequests;

        var again = await new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None);

        Assert.Equal(new TransferSummary(0, 1, 0), again);
        Assert.Equal(requestsBefore + 1, remote.ExistenceRequests);
        Assert.Empty(remote.Uploaded);
    }

    [Fact]
    public async Task Pushing_a_changed_tree_uploads_only_the_new_file_and_the_manifests_on_its_path()
    {
        var tree = new SampleTree(_local);
        using var remote = new RecordingRemote(new FolderObjectRemote(_remoteRoot));
        await new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None);
        remote.Uploaded.Clear();
        var newFile = _local.AddBlob(Encoding.UTF8.GetBytes("b/2, new"));
        var newFolderB = _local.AddManifest([.. tree.FilesOfB, newFile]);
        var newRoot = _local.AddManifest(tree.FolderA, newFolderB, tree.TopFile);

        var summary = await new ObjectTransfer(_local, remote).PushAsync([newRoot], CancellationToken.None);

        Assert.Equal([newFile, newFolderB, newRoot], remote.Uploaded);
        Assert.Equal(3, summary.Transferred);
    }

    [Fact]
    public async Task Under_parallel_uploads_a_manifest_starts_only_after_all_its_children_have_ended()
    {
        var tree = new SampleTree(_local);
        using var remote = new RecordingRemote(new FolderObjectRemote(_remoteRoot));
        remote.Held.Add(tree.TopFile);
        remote.Held.Add(tree.FilesOfA[0]);
        var transfer = new ObjectTransfer(_local, remote, new TransferOptions { Parallelism = 4 });

        var push = transfer.PushAsync([tree.Root], CancellationToken.None);
        var notHeldLeaves = tree.All.Except(tree.Manifests.Keys).Except(remote.Held).ToList();
        await WaitUntil(() =>
            notHeldLeaves.All(d => remote.Events.Contains("end " + d))
            && remote.Events.Contains("end " + tree.FolderB)
            && remote.Held.All(d => remote.Events.Contains("start " + d)));
        var whileHeld = remote.Events;
        remote.ReleaseHeld();
        await push.WaitAsync(WaitLimit);

        Assert.DoesNotContain("start " + tree.FolderA, whileHeld);
        Assert.DoesNotContain("start " + tree.Root, whileHeld);
        var events = remote.Events.ToList();
        foreach (var (manifest, children) in tree.Manifests)
        {
            var start = events.IndexOf("start " + manifest);
            Assert.All(children, child => Assert.InRange(events.IndexOf("end " + child), 0, start - 1));
        }
    }

    [Fact]
    public async Task An_interrupted_push_leaves_no_manifest_on_the_remote_whose_entries_are_missing()
    {
        var tree = new SampleTree(_local);
        using var remote = new RecordingRemote(new FolderObjectRemote(_remoteRoot));
        remote.Failing.Add(tree.FilesOfA[1]);

        var error = await Assert.ThrowsAsync<RemoteException>(() => new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None));

        Assert.Contains(tree.FilesOfA[1], error.Message);
        using var onRemote = new FolderObjectRemote(_remoteRoot);
        Assert.False(await onRemote.ContainsAsync(tree.FolderA, CancellationToken.None));
        Assert.False(await onRemote.ContainsAsync(tree.Root, CancellationToken.None));
        foreach (var (manifest, children) in tree.Manifests)
        {
            if (await onRemote.ContainsAsync(manifest, CancellationToken.None))
            {
                string[] entries = [.. children.Distinct()];
                Assert.Equal(entries.Length, (await onRemote.FindExistingAsync(entries, CancellationToken.None)).Count);
            }
        }
    }

    [Fact]
    public async Task A_corrupt_remote_object_fails_the_pull_naming_both_digests_and_nothing_above_it_is_adopted()
    {
        var tree = new SampleTree(_local);
        using var remote = new FolderObjectRemote(_remoteRoot);
        await new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None);
        var victim = tree.FilesOfA[0];
        FlipFirstByte(Path.Combine(_remoteRoot, RemoteObjectLayout.KeyFor(victim)));

        var error = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => new ObjectTransfer(_otherLocal, remote).PullAsync([tree.Root], CancellationToken.None));

        Assert.Equal(victim, error.ExpectedDigest);
        Assert.NotEqual(victim, error.ActualDigest);
        Assert.Contains(error.ExpectedDigest, error.Message);
        Assert.Contains(error.ActualDigest, error.Message);
        Assert.False(_otherLocal.Contains(victim));
        Assert.False(_otherLocal.Contains(tree.FolderA));
        Assert.False(_otherLocal.Contains(tree.Root));
        Assert.Empty(Directory.EnumerateFiles(_otherLocal.TempFolder));
    }

    [Fact]
    public async Task Pulling_an_object_the_remote_lacks_fails_naming_it_and_adopts_nothing()
    {
        var missing = _local.AddBlob([1, 2, 3]);
        using var remote = new FolderObjectRemote(_remoteRoot);

        var error = await Assert.ThrowsAsync<RemoteException>(() => new ObjectTransfer(_otherLocal, remote).PullAsync([missing], CancellationToken.None));

        Assert.Contains(missing, error.Message);
        Assert.Empty(_otherLocal.All());
    }

    [Fact]
    public async Task A_corrupt_local_object_is_not_uploaded_and_neither_is_any_manifest_above_it()
    {
        var tree = new SampleTree(_local);
        var victim = tree.FilesOfB[0];
        FlipFirstByte(_local.PathFor(victim));
        using var remote = new FolderObjectRemote(_remoteRoot);

        var error = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None));

        Assert.Equal(victim, error.ExpectedDigest);
        Assert.False(await remote.ContainsAsync(victim, CancellationToken.None));
        Assert.False(await remote.ContainsAsync(tree.FolderB, CancellationToken.None));
        Assert.False(await remote.ContainsAsync(tree.Root, CancellationToken.None));
    }

    [Fact]
    public async Task Pushing_an_object_the_local_store_lacks_fails_naming_it()
    {
        var absent = _local.AddManifest(_local.AddBlob([9]), "blake3:" + new string('0', 64));
        using var remote = new FolderObjectRemote(_remoteRoot);

        var error = await Assert.ThrowsAsync<RemoteException>(() => new ObjectTransfer(_local, remote).PushAsync([absent], CancellationToken.None));

        Assert.Contains("blake3:" + new string('0', 64), error.Message);
        Assert.False(await remote.ContainsAsync(absent, CancellationToken.None));
    }

    [Fact]
    public async Task Progress_ends_at_the_totals_of_objects_and_bytes()
    {
        var tree = new SampleTree(_local);
        using var remote = new FolderObjectRemote(_remoteRoot);
        var reports = new List<TransferProgress>();
        var options = new TransferOptions { Progress = p => { lock (reports) { reports.Add(p); } } };
        var totalBytes = tree.All.Sum(d => new FileInfo(_local.PathFor(d)).Length);

        await new ObjectTransfer(_local, remote, options).PushAsync([tree.Root], CancellationToken.None);

        Assert.Contains(new TransferProgress(tree.All.Count, tree.All.Count, totalBytes, totalBytes), reports);
        Assert.All(reports, p => Assert.InRange(p.BytesDone, 0, p.BytesTotal));
    }

    [Fact]
    public async Task Cancelling_a_push_stops_it_before_the_root_is_uploaded()
    {
        var tree = new SampleTree(_local);
        using var remote = new RecordingRemote(new FolderObjectRemote(_remoteRoot));
        remote.Held.Add(tree.TopFile);
        using var cancel = new CancellationTokenSource();

        var push = new ObjectTransfer(_local, remote).PushAsync([tree.Root], cancel.Token);
        await WaitUntil(() => remote.Events.Contains("start " + tree.TopFile));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => push.WaitAsync(WaitLimit));
        Assert.False(await remote.ContainsAsync(tree.Root, CancellationToken.None));
    }

    [Fact]
    public async Task Pull_skips_objects_the_local_store_already_has()
    {
        var tree = new SampleTree(_local);
        using var remote = new FolderObjectRemote(_remoteRoot);
        await new ObjectTransfer(_local, remote).PushAsync([tree.Root], CancellationToken.None);
        await new ObjectTransfer(_otherLocal, remote).PullAsync([tree.FolderB], CancellationToken.None);

        var summary = await new ObjectTransfer(_otherLocal, remote).PullAsync([tree.Root], CancellationToken.None);

        Assert.Equal(tree.All.Count - 3, summary.Transferred);
        Assert.Equal(tree.All.Order(), _otherLocal.All().Order());
    }

    private static void FlipFirstByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 0xFF;
        File.SetAttributes(path, FileAttributes.Normal);
        File.WriteAllBytes(path, bytes);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
