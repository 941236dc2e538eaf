using Repro.Artifacts;

namespace Repro.Tests.Artifacts;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ObjectStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("repro-objects-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Put_names_an_object_by_its_blake3_digest_under_a_two_character_fan_out_and_makes_it_read_only()
    {
        var store = new ObjectStore(_root);

        var digest = store.Put(new MemoryStream("abc"u8.ToArray()));

        Assert.Equal(ContentDigest.Of("abc"u8), digest);
        var path = Path.Combine(_root, ContentDigest.Hex(digest)[..2], ContentDigest.Hex(digest)[2..]);
        Assert.Equal(path, store.PathOf(digest));
        Assert.Equal("abc", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
        Assert.Empty(store.TempFiles());
    }

    [Fact]
    public void Objects_staged_in_a_batch_stay_invisible_until_the_batch_is_published()
    {
        var store = new ObjectStore(_root);
        store.PrepareBatch();
        var contents = Enumerable.Range(0, 20).Select(i => System.Text.Encoding.UTF8.GetBytes($"file {i}")).ToList();
        var staged = contents.Select(c => store.StageHashed(c, ContentDigest.Of(c))).ToList();
        store.SyncBatch(staged);

        // A process that dies here (temporary files written and flushed, nothing renamed) leaves no object.
        Assert.All(staged, s => Assert.False(store.Contains(s.Digest)));
        Assert.Empty(store.Enumerate());
        Assert.Equal(20, store.TempFiles().Count());

        store.PublishBatch(staged);

        Assert.All(contents, c => Assert.Equal(c, store.ReadAllBytes(ContentDigest.Of(c))));
        Assert.All(staged, s => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(store.PathOf(s.Digest))));
        Assert.Equal(20, store.Enumerate().Count());
        Assert.Empty(store.TempFiles());
    }

    [Fact]
    public void Publishing_a_batch_keeps_an_object_already_stored_and_drops_the_duplicate()
    {
        var store = new ObjectStore(_root);
        var digest = store.Put(new MemoryStream("same"u8.ToArray()));
        var before = NativeFiles.Stat(store.PathOf(digest))!.Value.Inode;
        store.PrepareBatch();
        var staged = store.StageHashed("same"u8, digest);

        store.PublishBatch([staged]);

        Assert.Equal(before, NativeFiles.Stat(store.PathOf(digest))!.Value.Inode);
        Assert.Equal("same"u8.ToArray(), store.ReadAllBytes(digest));
        Assert.Empty(store.TempFiles());
    }

    [Fact]
    public void Reading_a_changed_object_throws_naming_both_digests_and_quarantines_it()
    {
        var store = new ObjectStore(_root);
        var digest = store.Put(new MemoryStream("original content"u8.ToArray()));
        var path = store.PathOf(digest);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, "original c0ntent");

        using var stream = store.OpenRead(digest);
        var error = Assert.Throws<ArtifactIntegrityException>(() => stream.CopyTo(Stream.Null));

        Assert.Equal(digest, error.ExpectedDigest);
        Assert.Equal(ContentDigest.Of("original c0ntent"u8), error.ActualDigest);
        Assert.Contains(digest, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.ActualDigest, error.Message, StringComparison.Ordinal);
        Assert.False(store.Contains(digest));
        Assert.Equal("original c0ntent", File.ReadAllText(Path.Combine(store.QuarantineFolder, ContentDigest.Hex(digest))));
    }

    [Fact]
    public void A_full_disk_mid_write_leaves_no_object_and_no_temporary_file()
    {
        var store = new ObjectStore(_root, path => new FailingStream(new FileStream(path, FileMode.CreateNew), failAfterBytes: 1 << 20));
        var content = new byte[3 << 20];

        var error = Assert.Throws<ArtifactException>(() => store.Put(new MemoryStream(content)));

        Assert.Contains("disk is full", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        Assert.False(store.Contains(ContentDigest.Of(content)));
        Assert.Empty(store.Enumerate());
        Assert.Empty(store.TempFiles());
    }

    [Fact]
    public void Closure_lists_children_before_the_manifests_that_name_them()
    {
        var store = new ObjectStore(_root);
        var file = store.PutBytes("leaf"u8);
        var inner = store.PutBytes(new DirectoryManifest([new ManifestEntry("leaf.txt", ManifestEntryKind.File, 0x1A4, 4, file, null, 1)]).ToBytes());
        var outer = store.PutBytes(new DirectoryManifest(
        [
            new ManifestEntry("sub", ManifestEntryKind.Directory, 0x1ED, 4, inner, null, 1),
            new ManifestEntry("again.txt", ManifestEntryKind.File, 0x1A4, 4, file, null, 1),
            new ManifestEntry("link", ManifestEntryKind.SymbolicLink, 0x1FF, 0, null, "sub/leaf.txt", 0),
        ]).ToBytes());

        var closure = store.Closure(outer).ToList();

        Assert.Equal([file, inner, outer], closure);
    }

    private sealed class FailingStream(Stream inner, long failAfterBytes) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_written + count > failAfterBytes)
            {
                // ENOSPC, as the runtime reports it: HResult's low 16 bits carry errno 28.
                throw new IOException("No space left on device", 28);
            }

            inner.Write(buffer, offset, count);
            _written += count;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
