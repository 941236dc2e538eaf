using Repro.Data;
using Repro.Data.Synthetic;

namespace Repro.Tests.Data.Synthetic;

public sealed class SyntheticDatasetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("repro-synthetic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Classification_table_has_id_features_and_label_columns()
    {
        var data = SyntheticData.Blobs(1, samples: 20, centers: 2, features: 3);

        var table = data.ToTable();

        Assert.Equal(["id", "x0", "x1", "x2", "label"], table.Schema.Select(c => c.Name));
        Assert.Equal([ColumnType.Int64, ColumnType.Double, ColumnType.Double, ColumnType.Double, ColumnType.Int64], table.Schema.Select(c => c.Type));
        Assert.Equal(20, table.RowCount);
        Assert.Equal(data.Features[7][2], ((DoubleColumn)table["x2"])[7]);
        Assert.Equal(data.Labels![7], ((Int64Column)table["label"])[7]);
        Assert.Equal(7, ((Int64Column)table["id"])[7]);
    }

    [Fact]
    public void Regression_table_has_a_target_column()
    {
        var data = SyntheticData.LinearRegression(2, samples: 10, features: 1);

        var table = data.ToTable();

        Assert.Equal(["id", "x0", "target"], table.Schema.Select(c => c.Name));
        Assert.Equal(data.Targets![3], ((DoubleColumn)table["target"])[3]);
    }

    [Theory]
    [InlineData("moons")]
    [InlineData("linear-regression")]
    public void Csv_reads_back_bit_for_bit(string generator)
    {
        var data = SyntheticDataTests.Generate(generator, 3);
        var file = Path.Combine(_directory, "data.csv");

        data.WriteCsv(file);
        var loaded = CsvTable.Load(file);

        Assert.Equal(data.ToTable().Fingerprint, loaded.Fingerprint);
        Assert.Equal(["data.csv"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Whole_number_features_are_written_so_they_read_back_as_doubles()
    {
        var data = SyntheticData.Blobs(4, samples: 5, centers: 1, clusterStandardDeviation: 0, centerSpread: 0);
        var file = Path.Combine(_directory, "zeros.csv");

        data.WriteCsv(file);
        var loaded = CsvTable.Load(file);

        Assert.Equal(ColumnType.Double, loaded["x0"].Type);
        Assert.Equal(data.ToTable().Fingerprint, loaded.Fingerprint);
    }

    [Fact]
    public void Writing_replaces_an_existing_file()
    {
        var file = Path.Combine(_directory, "data.csv");
        File.WriteAllText(file, "old,content\n1,2\n");

        SyntheticData.Moons(5, samples: 4).WriteCsv(file);

        Assert.StartsWith("id,x0,x1,label\n", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(5, File.ReadAllLines(file).Length);
    }

    [Fact]
    public void Select_takes_rows_in_the_given_order()
    {
        var data = SyntheticData.LinearRegression(6, samples: 10);

        var subset = data.Select([9, 0, 9]);

        Assert.Equal(3, subset.Count);
        Assert.Same(data.Features[9], subset.Features[0]);
        Assert.Equal([data.Targets![9], data.Targets[0], data.Targets[9]], subset.Targets!);
        Assert.Equal(data.TrueCoefficients, subset.TrueCoefficients);
    }

    [Fact]
    public void Select_outside_the_dataset_throws()
    {
        var data = SyntheticData.Moons(7, samples: 10);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => data.Select([0, 10]));

        Assert.Contains("Row 10 is outside the dataset 'moons', which has 10 rows", error.Message, StringComparison.Ordinal);
    }
}
