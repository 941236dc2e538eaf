using System.IO.Compression;

namespace Repro.MLNet.Tests;

public sealed class ModelArchiveTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("repro-mlnet-zip-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Archives_that_differ_only_in_time_stamps_are_rewritten_to_the_same_bytes()
    {
        var early = Zip("early.zip", new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var late = Zip("late.zip", new DateTimeOffset(2026, 11, 27, 12, 30, 4, TimeSpan.Zero));
        Assert.NotEqual(File.ReadAllBytes(early), File.ReadAllBytes(late));

        ModelArchive.WriteCanonical(early, Path.Combine(_folder.FullName, "early-canonical.zip"));
        ModelArchive.WriteCanonical(late, Path.Combine(_folder.FullName, "late-canonical.zip"));

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(_folder.FullName, "early-canonical.zip")),
            File.ReadAllBytes(Path.Combine(_folder.FullName, "late-canonical.zip")));
    }

    [Fact]
    public void The_rewritten_archive_keeps_every_entry_in_order_with_its_content()
    {
        var source = Zip("model.zip", new DateTimeOffset(2026, 11, 27, 12, 30, 4, TimeSpan.Zero));
        var target = Path.Combine(_folder.FullName, "canonical.zip");

        ModelArchive.WriteCanonical(source, target);

        using var archive = ZipFile.OpenRead(target);
        Assert.Equal(["Schema", "TransformerChain/Model.key"], archive.Entries.Select(e => e.FullName));
        using var reader = new StreamReader(archive.Entries[1].Open());
        Assert.Equal("weights 0.25 -1.5", reader.ReadToEnd());
        Assert.All(archive.Entries, e => Assert.Equal(1980, e.LastWriteTime.Year));
    }

    private string Zip(string name, DateTimeOffset stamp)
    {
        var path = Path.Combine(_folder.FullName, name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryName, content) in new[] { ("Schema", "Features: Vector<Single, 4>"), ("TransformerChain/Model.key", "weights 0.25 -1.5") })
        {
            var entry = archive.CreateEntry(entryName);
            entry.LastWriteTime = stamp;
            using var writer = new StreamWriter(entry.Open());
            writer.Write(content);
        }

        return path;
    }
}
