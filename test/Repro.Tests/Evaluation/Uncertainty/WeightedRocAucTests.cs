using Repro.Evaluation;
using Repro.Evaluation.Uncertainty;

namespace Repro.Tests.Evaluation.Uncertainty;

public sealed class WeightedRocAucTests
{
    [Fact]
    public void The_fast_path_equals_the_catalog_on_the_materialised_resample_with_ties()
    {
        var predictions = TestPredictions.Binary(2_000, seed: 5, levels: 10);
        var auc = new WeightedRocAuc(predictions);
        var rows = new int[predictions.Count];
        var scratch = new int[predictions.Count];

        for (var resample = 0; resample < 40; resample++)
        {
            BootstrapResample.Draw(seed: 9, resample, rows);

            var fast = auc.Compute(rows, scratch);
            var materialised = MetricCatalog.Compute("roc_auc", predictions.Select(rows));

            Assert.Equal(materialised, fast, 1e-12);
        }
    }

    [Fact]
    public void Unit_weights_give_the_auc_of_the_whole_set_with_ties_counted_half()
    {
        // Positives at 0.8 and 0.4, negatives at 0.4 and 0.1: pairs (0.8 > 0.4), (0.8 > 0.1), (0.4 = 0.4: half), (0.4 > 0.1).
        var predictions = Predictions.Binary([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1]);

        var value = new WeightedRocAuc(predictions).Compute([0, 1, 2, 3], new int[4]);

        Assert.Equal(3.5 / 4, value);
    }

    [Fact]
    public void Repeated_rows_weigh_as_often_as_they_are_drawn()
    {
        // Row 0 (positive, 0.8) twice, row 2 (negative, 0.4) three times, row 1 (positive, 0.4) once:
        // pairs: 2 x 3 from row 0 over row 2, 1 x 3 tied halves from row 1 with row 2.
        var predictions = Predictions.Binary([1, 1, 0], [0.8, 0.4, 0.4]);

        var value = new WeightedRocAuc(predictions).Compute([0, 2, 1, 2, 0, 2], new int[3]);

        Assert.Equal((6 + 1.5) / 9, value);
    }

    [Fact]
    public void A_resample_with_a_single_class_is_undefined()
    {
        var predictions = Predictions.Binary([1, 0, 1], [0.8, 0.4, 0.1]);

        Assert.True(double.IsNaN(new WeightedRocAuc(predictions).Compute([0, 2, 2, 0], new int[3])));
    }
}
