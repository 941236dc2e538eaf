using System.Text.Json;
using Repro.Artifacts.Hashing;
using Repro.Randomness;

namespace Repro.Tests.Artifacts.Hashing;

public sealed class Blake3DigestTests
{
    // Lengths around the edges the code treats specially: blocks (64 B), chunks (1 KiB), the 8- and 16-lane
    // batches, the parallel threshold (512 KiB), groups (64 KiB to 1 MiB) and power-of-two subtrees.
    public static readonly TheoryData<int> Lengths = new(
        0, 1, 63, 64, 65, 127, 128, 1023, 1024, 1025, 2047, 2048, 2049, 3072, 3073,
        (7 * 1024) + 5, 8 * 1024, (8 * 1024) + 1, (15 * 1024) + 1023, 16 * 1024, (16 * 1024) + 1, (17 * 1024) - 1,
        24 * 1024, (31 * 1024) + 64, 32 * 1024, (33 * 1024) + 1, 100_000, 64 * 1024, (64 * 1024) + 1,
        (512 << 10) - 1, 512 << 10, (512 << 10) + 1, (512 << 10) + 1024, (513 << 10) + 7,
        (1 << 20) - 1024, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) + 1024, (1 << 20) + 1025,
        (2 << 20) - 1, 2 << 20, (2 << 20) + 64, (3 << 20) + (3 * 1024) + 100);

    public static readonly TheoryData<string, int> Paths = SupportedPaths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Digests_match_every_published_test_vector(string instructions, int threads)
    {
        var options = Options(instructions, threads);

        foreach (var (length, expected) in PublishedVectors())
        {
            var input = Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray();

            Assert.Equal(expected, Hex(input, options));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Every_instruction_set_and_thread_count_agrees_with_the_reference_package(int length)
    {
        var input = RandomBytes(length, "tests/blake3/" + length);
        var expected = Convert.ToHexStringLower(Blake3.Hasher.Hash(input).AsSpan());

        foreach (var options in AllOptions())
        {
            Assert.Equal(expected, Hex(input, options));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    [InlineData((512 << 10) + 1)]
    [InlineData((3 << 20) + 1000)]
    public void A_file_digests_like_its_bytes_on_every_path(int length)
    {
        var input = RandomBytes(length, "tests/blake3/file/" + length);
        var expected = Convert.ToHexStringLower(Blake3.Hasher.Hash(input).AsSpan());
        var path = Path.Combine(Path.GetTempPath(), "repro-blake3-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, input);
        try
        {
            using var file = File.OpenHandle(path);
            foreach (var options in AllOptions())
            {
                var digest = new byte[32];
                Blake3Digest.HashFile(file, length, digest, options);

                Assert.Equal(expected, Convert.ToHexStringLower(digest));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1 << 10, (3 << 20) + 1000)]
    [InlineData(256 << 10, (3 << 20) + 1000)]
    [InlineData(1 << 20, 3 << 20)]
    [InlineData(2 << 20, (3 << 20) + 1000)]
    [InlineData(2 << 20, (2 << 20) + 1)]
    public void A_file_larger_than_a_window_digests_like_its_bytes(long window, int length)
    {
        var input = RandomBytes(length, "tests/blake3/window/" + length);
        var expected = Convert.ToHexStringLower(Blake3.Hasher.Hash(input).AsSpan());
        var path = Path.Combine(Path.GetTempPath(), "repro-blake3-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, input);
        try
        {
            using var file = File.OpenHandle(path);
            foreach (var threads in new[] { 1, 2, 3 })
            {
                var digest = new byte[32];
                Blake3Digest.HashFile(file, length, digest, new Blake3Options(Blake3InstructionSet.Best, threads) { FileWindow = window });

                Assert.Equal(expected, Convert.ToHexStringLower(digest));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(3 << 20)]
    public void A_file_shorter_than_its_expected_length_is_an_io_error(int length)
    {
        var path = Path.Combine(Path.GetTempPath(), "repro-blake3-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, new byte[length]);
        try
        {
            using var file = File.OpenHandle(path);

            var error = Assert.Throws<IOException>(() => Blake3Digest.HashFile(file, length + 5000, new byte[32], new Blake3Options(Blake3InstructionSet.Best, 2)));

            Assert.Contains("shorter", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Options_need_at_least_one_thread()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Blake3Options(Blake3Instructions.Portable, 0));
    }

    [Theory]
    [InlineData(512)]
    [InlineData(3 << 10)]
    public void A_file_window_is_a_power_of_two_of_whole_chunks(long window)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Blake3Options(Blake3Instructions.Portable, 1) { FileWindow = window });
    }

    internal static IEnumerable<(int Length, string Hash)> PublishedVectors()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Artifacts", "Hashing", "Fixtures", "blake3_test_vectors.json")));
        foreach (var item in json.RootElement.GetProperty("cases").EnumerateArray())
        {
            yield return (item.GetProperty("input_len").GetInt32(), item.GetProperty("hash").GetString()![..64]);
        }
    }

    internal static byte[] RandomBytes(int length, string path)
    {
        var random = new RandomStream(20261127, path);
        var bytes = new byte[length];
        for (var i = 0; i + 4 <= length; i += 4)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i), random.NextUInt32());
        }

        for (var i = length & ~3; i < length; i++)
        {
            bytes[i] = (byte)random.NextUInt32();
        }

        return bytes;
    }

    private static string Hex(byte[] input, Blake3Options options)
    {
        var digest = new byte[32];
        Blake3Digest.Hash(input, digest, options);
        return Convert.ToHexStringLower(digest);
    }

    internal static IEnumerable<Blake3Options> AllOptions() =>
        Paths.Select(row => Options((string)row[0], (int)row[1]));

    private static Blake3Options Options(string instructions, int threads) =>
        new(Enum.Parse<Blake3Instructions>(instructions), threads);

    private static TheoryData<string, int> SupportedPaths()
    {
        var paths = new TheoryData<string, int>();
        foreach (var instructions in Enum.GetValues<Blake3Instructions>())
        {
            if (Blake3InstructionSet.IsSupported(instructions))
            {
                foreach (var threads in new[] { 1, 2, 3 })
                {
                    paths.Add(instructions.ToString(), threads);
                }
            }
        }

        return paths;
    }
}
