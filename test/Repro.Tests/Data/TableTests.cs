using System.Buffers.Binary;
using System.Text;
using Blake3;
using Repro.Data;

namespace Repro.Tests.Data;

public sealed class TableTests
{
    [Fact]
    public void Fingerprint_is_BLAKE3_of_the_documented_canonical_encoding()
    {
        var table = new Table([
            new Int64Column("id", [7, null]),
            new DoubleColumn("x", [-0.0, double.NaN]),
            new BooleanColumn("b", [true, false]),
            new StringColumn("s", ["é", null]),
        ]);
        var bytes = new List<byte>();
        bytes.AddRange("repro.table.v1\0"u8.ToArray());
        bytes.AddRange(UInt32(4));
        foreach (var (type, name) in new[] { (1, "id"), (2, "x"), (3, "b"), (4, "s") })
        {
            bytes.Add((byte)type);
            bytes.AddRange(Text(name));
        }

        bytes.AddRange(Int64(2));
        bytes.Add(1); bytes.AddRange(Int64(7));
        bytes.Add(1); bytes.AddRange(Int64(BitConverter.DoubleToInt64Bits(-0.0)));
        bytes.Add(1); bytes.Add(1);
        bytes.Add(1); bytes.AddRange(Text("é"));
        bytes.Add(0);
        bytes.Add(1); bytes.AddRange(Int64(0x7FF8000000000000));
        bytes.Add(1); bytes.Add(0);
        bytes.Add(0);

        var expected = "blake3:" + Convert.ToHexStringLower(Hasher.Hash(bytes.ToArray()).AsSpan());

        Assert.Equal(expected, table.Fingerprint);
    }

    [Fact]
    public void Fingerprint_of_a_table_larger_than_the_hash_buffer_matches_the_encoding()
    {
        // Strings of every length around the 64 KiB buffer, and one longer than it, between fixed-size values.
        var lengths = new[] { 1, 100, 65_530, 65_536, 65_537, 200_000, 3, 70_000 };
        var ids = Enumerable.Range(0, lengths.Length * 50).Select(i => (long?)i).ToList();
        var texts = ids.Select(i => (string?)new string((char)('a' + (i!.Value % 26)), lengths[(int)(i.Value % lengths.Length)])).ToList();
        var table = new Table([new Int64Column("id", ids), new StringColumn("text", texts)]);
        var bytes = new List<byte>();
        bytes.AddRange("repro.table.v1\0"u8.ToArray());
        bytes.AddRange(UInt32(2));
        bytes.Add(1);
        bytes.AddRange(Text("id"));
        bytes.Add(4);
        bytes.AddRange(Text("text"));
        bytes.AddRange(Int64(ids.Count));
        for (var row = 0; row < ids.Count; row++)
        {
            bytes.Add(1);
            bytes.AddRange(Int64(ids[row]!.Value));
            bytes.Add(1);
            bytes.AddRange(Text(texts[row]!));
        }

        Assert.Equal("blake3:" + Convert.ToHexStringLower(Hasher.Hash(bytes.ToArray()).AsSpan()), table.Fingerprint);
    }

    [Fact]
    public void Fingerprint_ignores_quoting_line_endings_number_spelling_and_blank_lines()
    {
        var plain = CsvTable.Parse("id,x,name\n1,1.5,ann\n2,2,bob\n");

        var variants = new[]
        {
            "\"id\",\"x\",\"name\"\r\n\"1\",\"1.5\",\"ann\"\r\n\"2\",\"2\",\"bob\"\r\n",
            "id,x,name\n1,1.50,ann\n\n2,2.0,\"bob\"",
            "id,x,name\n+1,15e-1,ann\n2, 2 ,bob\n",
        };

        Assert.All(variants, text => Assert.Equal(plain.Fingerprint, CsvTable.Parse(text).Fingerprint));
    }

    [Fact]
    public void Fingerprint_changes_when_any_single_cell_changes()
    {
        var original = new[] { new[] { "1", "0.5", "a" }, ["2", "1.5", "b"], ["3", "2.5", "c"] };
        var fingerprints = new HashSet<string> { CsvTable.Parse(ToCsv(original)).Fingerprint };

        for (var row = 0; row < original.Length; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                var changed = original.Select(r => r.ToArray()).ToArray();
                changed[row][column] = column == 2 ? changed[row][column] + "x" : changed[row][column] + "1";
                Assert.True(fingerprints.Add(CsvTable.Parse(ToCsv(changed)).Fingerprint), $"row {row}, column {column}");
            }
        }
    }

    [Fact]
    public void Fingerprint_changes_with_row_order_column_names_types_and_missing_values()
    {
        var baseline = CsvTable.Parse("id,x\n1,a\n2,b\n").Fingerprint;

        Assert.NotEqual(baseline, CsvTable.Parse("id,x\n2,b\n1,a\n").Fingerprint);
        Assert.NotEqual(baseline, CsvTable.Parse("id,y\n1,a\n2,b\n").Fingerprint);
        Assert.NotEqual(baseline, CsvTable.Parse("id,x\n1,a\n2,b\n", new CsvOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["id"] = ColumnType.Double } }).Fingerprint);
        Assert.NotEqual(
            new Table([new StringColumn("x", ["", "a"])]).Fingerprint,
            new Table([new StringColumn("x", [null, "a"])]).Fingerprint);
    }

    [Fact]
    public void Looking_up_an_absent_column_lists_the_columns()
    {
        var table = CsvTable.Parse("id,x\n1,2\n");

        var error = Assert.Throws<MissingColumnException>(() => table["label"]);

        Assert.Equal("CSV text: no column 'label'; the columns are 'id', 'x'.", error.Message);
    }

    [Fact]
    public void Selected_rows_keep_schema_values_and_missing_flags()
    {
        var table = CsvTable.Parse("id,x\n1,a\n2,\n3,c\n");

        var selected = table.SelectRows([2, 1]);

        Assert.Equal(table.Schema, selected.Schema);
        Assert.Equal([3L, 2], ((Int64Column)selected["id"]).Values.ToArray());
        Assert.Equal(["c", null], Strings(selected["x"]));
        Assert.Equal(CsvTable.Parse("id,x\n3,c\n2,\n").Fingerprint, selected.Fingerprint);
    }

    [Fact]
    public void Columns_of_different_lengths_or_names_repeated_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Table([new Int64Column("a", [1]), new Int64Column("b", [1, 2])]));
        Assert.Throws<ArgumentException>(() => new Table([new Int64Column("a", [1]), new StringColumn("a", ["x"])]));
    }

    private static List<string?> Strings(Column column) => [.. ((StringColumn)column).Values];

    private static string ToCsv(string[][] rows) => "id,x,name\n" + string.Concat(rows.Select(r => string.Join(',', r) + "\n"));

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Text(string value) => [.. UInt32((uint)Encoding.UTF8.GetByteCount(value)), .. Encoding.UTF8.GetBytes(value)];
}
