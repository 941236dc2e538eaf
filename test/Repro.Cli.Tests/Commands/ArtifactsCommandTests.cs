using Repro.Artifacts;
using Repro.Cli.Tests.Support;

namespace Repro.Cli.Tests.Commands;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ArtifactsCommandTests : IDisposable
{
    private readonly CliHarness _cli = new CliHarness().Init();

    public void Dispose() => _cli.Dispose();

    private string Objects => Path.Combine(_cli.Folder, ".repro", "objects");

    private string MakeTree()
    {
        var root = Path.Combine(_cli.Folder, "data");
        Directory.CreateDirectory(Path.Combine(root, "train"));
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        File.WriteAllText(Path.Combine(root, "train", "a.csv"), "x,y\n1,2\n");
        File.WriteAllText(Path.Combine(root, "readme.txt"), "hello");
        File.CreateSymbolicLink(Path.Combine(root, "current"), "train");
        return root;
    }

    [Fact]
    public void Add_stores_a_folder_as_version_one_and_says_what_it_kept_as_links_and_empty_folders()
    {
        MakeTree();

        var result = _cli.Run("artifacts", "add", "data", "--name", "dataset/demo", "--alias", "champion");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Added dataset/demo:v1 (blake3:", result.OutputLines[0]);
        Assert.Contains("Symbolic link kept as a link (not followed): current -> train", result.OutputLines);
        Assert.Contains("Empty folder kept: empty/", result.OutputLines);
        Assert.Contains("Aliases: champion, latest", result.OutputLines);
    }

    [Fact]
    public void Adding_the_same_content_again_makes_no_new_version_and_a_change_makes_the_next()
    {
        var root = MakeTree();
        _cli.Run("artifacts", "add", "data", "--name", "dataset/demo");

        var same = _cli.Run("artifacts", "add", "data", "--name", "dataset/demo", "--json").Json();
        File.WriteAllText(Path.Combine(root, "readme.txt"), "changed");
        var changed = _cli.Run("artifacts", "add", "data", "--name", "dataset/demo", "--json").Json();

        Assert.False(same.GetProperty("created").GetBoolean());
        Assert.Equal(1, same.GetProperty("artifact").GetProperty("version").GetInt32());
        Assert.True(changed.GetProperty("created").GetBoolean());
        Assert.Equal(2, changed.GetProperty("artifact").GetProperty("version").GetInt32());
        var list = _cli.Run("artifacts", "list", "--json").Json();
        Assert.Equal(["dataset/demo:v1", "dataset/demo:v2"], list.EnumerateArray().Select(v => v.GetProperty("label").GetString()!).ToArray());
        Assert.Equal(["latest"], list[1].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).ToArray());
    }

    [Fact]
    public void A_file_digest_is_the_one_b3sum_prints_and_every_reference_form_resolves_to_it()
    {
        var file = Path.Combine(_cli.Folder, "model.bin");
        File.WriteAllBytes(file, [.. Enumerable.Range(0, 1025).Select(i => (byte)(i % 251))]);
        _cli.Run("artifacts", "add", "model.bin", "--name", "model/tiny", "--alias", "champion");
        // BLAKE3 published test vector for this input (BLAKE3-team/BLAKE3 test_vectors.json, input_len 1025).
        const string digest = "blake3:d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444";

        foreach (var reference in new[] { "tiny", "tiny:v1", "tiny@champion", "model/tiny", "model/tiny:v1", "model/tiny@latest", digest })
        {
            var shown = _cli.Run("artifacts", "show", reference, "--json");
            Assert.Equal(0, shown.ExitCode);
            Assert.Equal(digest, shown.Json().GetProperty("artifact").GetProperty("digest").GetString());
        }

        Assert.True(File.Exists(Path.Combine(Objects, "d0", "0278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444")));
    }

    [Fact]
    public void Get_writes_the_tree_back_with_links_and_empty_folders_and_never_writable_store_files()
    {
        MakeTree();
        _cli.Run("artifacts", "add", "data", "--name", "dataset/demo");

        var result = _cli.Run("artifacts", "get", "dataset/demo", "--to", "out");

        Assert.Equal(0, result.ExitCode);
        var output = Path.Combine(_cli.Folder, "out");
        Assert.Equal("x,y\n1,2\n", File.ReadAllText(Path.Combine(output, "train", "a.csv")));
        Assert.Equal("train", new FileInfo(Path.Combine(output, "current")).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(output, "empty")));
        var mode = File.GetUnixFileMode(Path.Combine(output, "readme.txt"));
        var linked = result.Output.Contains("2 hard-linked", StringComparison.Ordinal);
        // A hard link shares the object's inode, so it must carry no write bit; a reflink or copy is independent.
        Assert.True(!linked || (mode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0);
        if (linked)
        {
            Assert.Contains("read-only", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Get_with_copy_writes_independent_files_that_edits_do_not_reach_the_store_through()
    {
        MakeTree();
        _cli.Run("artifacts", "add", "data", "--name", "dataset/demo");

        var result = _cli.Run("artifacts", "get", "demo", "--to", "out", "--copy");
        File.WriteAllText(Path.Combine(_cli.Folder, "out", "readme.txt"), "edited");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, _cli.Run("artifacts", "verify", "--all").ExitCode);
    }

    [Fact]
    public void A_flipped_byte_is_found_by_verify_with_exit_code_3_and_the_object_is_quarantined()
    {
        MakeTree();
        _cli.Run("artifacts", "add", "data", "--name", "dataset/demo");
        var digest = ContentDigest.Of("hello"u8);
        var path = Path.Combine(Objects, ContentDigest.Hex(digest)[..2], ContentDigest.Hex(digest)[2..]);
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 0x01;
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllBytes(path, bytes);

        var result = _cli.Run("artifacts", "verify", "dataset/demo", "--json");

        Assert.Equal(3, result.ExitCode);
        var json = result.Json();
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Equal(digest, json.GetProperty("corrupt")[0].GetProperty("digest").GetString());
        Assert.Equal(ContentDigest.Of(bytes), json.GetProperty("corrupt")[0].GetProperty("actual_digest").GetString());
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(Path.Combine(Objects, "quarantine", ContentDigest.Hex(digest))));
        var get = _cli.Run("artifacts", "get", "dataset/demo", "--to", "out");
        Assert.Equal(1, get.ExitCode);
    }

    [Fact]
    public void Bad_input_gets_one_clear_line_exit_code_1_and_no_version()
    {
        MakeTree();
        var locked = Path.Combine(_cli.Folder, "data", "secret.txt");
        File.WriteAllText(locked, "private");
        File.SetUnixFileMode(locked, UnixFileMode.None);

        var missing = _cli.Run("artifacts", "add", "nothing-here", "--name", "dataset/x");
        var noPermission = _cli.Run("artifacts", "add", "data", "--name", "dataset/x");
        var badKind = _cli.Run("artifacts", "add", "data", "--name", "weights/x");
        var badName = _cli.Run("artifacts", "add", "data", "--name", "dataset/../x");
        var unknown = _cli.Run("artifacts", "show", "dataset/none");
        var badVersion = _cli.Run("artifacts", "show", "dataset/x:v0");

        Assert.All(new[] { missing, noPermission, badKind, badName, unknown, badVersion }, r =>
        {
            Assert.Equal(1, r.ExitCode);
            Assert.StartsWith("repro: error: ", Assert.Single(r.ErrorLines));
        });
        Assert.Contains("no such file or folder", missing.Error, StringComparison.Ordinal);
        Assert.Contains("permission denied", noPermission.Error, StringComparison.Ordinal);
        Assert.Contains("KIND/NAME", badKind.Error, StringComparison.Ordinal);
        Assert.Contains("No artifact named dataset/none", unknown.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Run("artifacts", "list", "--json").Json().EnumerateArray());
    }

    [Fact]
    public void A_read_only_object_store_refuses_to_add_even_for_root()
    {
        MakeTree();
        Directory.CreateDirectory(Objects);
        File.SetUnixFileMode(Objects, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var result = _cli.Run("artifacts", "add", "data", "--name", "dataset/demo");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("read-only", result.Error, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(Objects));
        }
        finally
        {
            File.SetUnixFileMode(Objects, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Gc_removes_only_unreachable_objects_past_the_grace_period_and_reports_the_bytes()
    {
        MakeTree();
        _cli.Run("artifacts", "add", "data", "--name", "dataset/demo");
        var store = new ObjectStore(Objects);
        var orphan = store.Put(new MemoryStream("orphan bytes"u8.ToArray()));
        Directory.CreateDirectory(store.TempFolder);
        File.WriteAllText(Path.Combine(store.TempFolder, "1-dead.tmp"), "half");

        var young = _cli.Run("artifacts", "gc", "--json").Json();
        var dry = _cli.Run("artifacts", "gc", "--dry-run", "--grace", "0s", "--json").Json();
        var keptByDryRun = store.Contains(orphan);
        var real = _cli.Run("artifacts", "gc", "--grace", "0s", "--json").Json();

        Assert.Equal(0, young.GetProperty("removed_objects").GetInt32());
        Assert.Equal(1, young.GetProperty("young_objects_kept").GetInt32());
        Assert.Equal(1, dry.GetProperty("removed_objects").GetInt32());
        Assert.True(keptByDryRun);
        Assert.Equal(1, real.GetProperty("removed_objects").GetInt32());
        Assert.Equal(1, real.GetProperty("temp_files_removed").GetInt32());
        Assert.Equal("orphan bytes".Length + "half".Length, real.GetProperty("bytes_freed").GetInt64());
        Assert.False(store.Contains(orphan));
        Assert.Equal(0, _cli.Run("artifacts", "verify", "--all").ExitCode);
    }

    [Fact]
    public void Alias_set_moves_an_alias_and_lineage_names_the_consumers()
    {
        var file = Path.Combine(_cli.Folder, "w.bin");
        File.WriteAllText(file, "one");
        _cli.Run("artifacts", "add", "w.bin", "--name", "checkpoint/w");
        File.WriteAllText(file, "two");
        _cli.Run("artifacts", "add", "w.bin", "--name", "checkpoint/w");

        var set = _cli.Run("artifacts", "alias", "set", "checkpoint/w:v1", "champion");
        var consumer = _cli.CreateRun(name: "consumer");
        using (var store = _cli.OpenStore())
        {
            var repository = ArtifactRepository.Open(store);
            var version = repository.ResolveVersion("w@champion");
            repository.Catalog.RecordUse(version.Name, version.Version, consumer, 1);
        }

        var lineage = _cli.Run("artifacts", "lineage", "w@champion", "--json").Json();

        Assert.Equal(0, set.ExitCode);
        Assert.Equal("checkpoint/w@champion -> checkpoint/w:v1", set.OutputLines[0]);
        Assert.Equal(1, lineage.GetProperty("artifact").GetProperty("version").GetInt32());
        Assert.Equal(consumer.Value, lineage.GetProperty("consumer_runs")[0].GetString());
        Assert.Equal(1, _cli.Run("artifacts", "alias", "set", "w:v1", "latest").ExitCode);
    }

    [Fact]
    public void A_process_killed_mid_write_leaves_only_a_temporary_file_that_gc_removes()
    {
        var info = new System.Diagnostics.ProcessStartInfo(TestChild.DotnetHost) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(TestChild.Path);
        info.ArgumentList.Add("put-hang");
        info.ArgumentList.Add(Objects);
        using var child = System.Diagnostics.Process.Start(info)!;
        try
        {
            Assert.Equal("ready", child.StandardOutput.ReadLine());
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }

        var store = new ObjectStore(Objects);
        Assert.Empty(store.Enumerate());
        Assert.Equal(2L << 20, Assert.Single(store.TempFiles()).Length);
        var gc = _cli.Run("artifacts", "gc", "--grace", "0s", "--json").Json();
        Assert.Equal(1, gc.GetProperty("temp_files_removed").GetInt32());
        Assert.Empty(store.TempFiles());
    }

    [Fact]
    public void Several_processes_adding_versions_of_one_name_get_unique_gapless_numbers()
    {
        const int processes = 4;
        var files = Enumerable.Range(0, processes).Select(i =>
        {
            var path = Path.Combine(_cli.Folder, $"f{i}.txt");
            File.WriteAllText(path, $"content {i}");
            return path;
        }).ToList();

        var running = files.Select(f => new RunWrapperProcess(_cli.Folder, "artifacts", "add", f, "--name", "dataset/shared")).ToList();
        try
        {
            Assert.All(running, p => Assert.Equal(0, p.WaitForExit(TimeSpan.FromMinutes(2))));
        }
        finally
        {
            running.ForEach(p => p.Dispose());
        }

        var versions = _cli.Run("artifacts", "list", "--json").Json().EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, processes).ToArray(), versions);
        var digests = _cli.Run("artifacts", "list", "--json").Json().EnumerateArray().Select(v => v.GetProperty("digest").GetString()).Distinct().Count();
        Assert.Equal(processes, digests);
    }
}
