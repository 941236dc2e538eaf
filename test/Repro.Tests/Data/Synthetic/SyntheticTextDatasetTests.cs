using Repro.Data;
using Repro.Data.Synthetic;

namespace Repro.Tests.Data.Synthetic;

public sealed class SyntheticTextDatasetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("repro-synthetic-text-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Table_has_id_text_and_label_columns()
    {
        var data = SyntheticData.TextClassification(1, samples: 30);

        var table = data.ToTable();

        Assert.Equal(["id", "text", "label"], table.Schema.Select(c => c.Name));
        Assert.Equal([ColumnType.Int64, ColumnType.String, ColumnType.Int64], table.Schema.Select(c => c.Type));
        Assert.Equal(data.Texts[4], ((StringColumn)table["text"])[4]);
    }

    [Fact]
    public void Csv_reads_back_to_the_same_table()
    {
        var data = SyntheticData.TextClassification(2, samples: 50);
        var file = Path.Combine(_directory, "text.csv");

        data.WriteCsv(file);

        Assert.Equal(data.ToTable().Fingerprint, CsvTable.Load(file).Fingerprint);
    }

    [Fact]
    public void Select_keeps_class_names_and_checks_rows()
    {
        var data = SyntheticData.TextClassification(3, samples: 10, classes: 4);

        var subset = data.Select([2, 5]);

        Assert.Equal([data.Texts[2], data.Texts[5]], subset.Texts);
        Assert.Equal(data.ClassNames, subset.ClassNames);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Select([-1]));
    }
}
