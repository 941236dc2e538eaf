using System.Globalization;
using System.Text;

namespace Repro.Data.Synthetic;

public static partial class SyntheticData
{
    /// <summary>The most classes <see cref="TextClassification"/> can make: one per built-in topic.</summary>
    public static int MaxTextClasses => TextVocabulary.Topics.Length;

    /// <summary>
    /// A small topic-classification corpus: each row is a lower-case sentence of space-separated words and its topic
    /// (sports, cooking, weather, space, music: the first <paramref name="classes"/> of them). Each word is, with
    /// probability <paramref name="topicWordRate"/>, a word of the row's topic, and otherwise a neutral word shared by
    /// all topics; sentence lengths are uniform in [<paramref name="minWords"/>, <paramref name="maxWords"/>].
    /// A sentence with no topic word cannot be classified, so the rate sets how hard the task is.
    /// The words are invented for the purpose; no personal data.
    /// </summary>
    /// <param name="seed">The root seed.</param>
    /// <param name="samples">The number of sentences; at least <paramref name="classes"/>.</param>
    /// <param name="classes">The number of topics; from 2 to <see cref="MaxTextClasses"/>.</param>
    /// <param name="minWords">The fewest words in a sentence; at least 1.</param>
    /// <param name="maxWords">The most words in a sentence; at least <paramref name="minWords"/>.</param>
    /// <param name="topicWordRate">The probability that a word comes from the topic's vocabulary; in (0, 1].</param>
    /// <param name="path">The random-stream path the data is drawn under.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range given above.</exception>
    public static SyntheticTextDataset TextClassification(ulong seed, int samples = 600, int classes = 3, int minWords = 6, int maxWords = 14,
        double topicWordRate = 0.35, string path = "synthetic/text")
    {
        RequireAtLeast(classes, 2, nameof(classes));
        if (classes > MaxTextClasses)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, string.Create(CultureInfo.InvariantCulture,
                $"There are {MaxTextClasses} built-in topics, so 'classes' can be at most {MaxTextClasses}."));
        }

        RequireRows(samples, classes, "topic");
        RequireAtLeast(minWords, 1, nameof(minWords));
        if (maxWords < minWords)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWords), maxWords, string.Create(CultureInfo.InvariantCulture,
                $"'maxWords' must be at least 'minWords' ({minWords})."));
        }

        if (!(topicWordRate > 0 && topicWordRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(topicWordRate), topicWordRate, "'topicWordRate' must be above 0 and at most 1.");
        }

        var root = Root(seed, path);
        var labels = ShuffledLabels(EvenCounts(samples, classes), root.Derive("order"));
        var lengths = root.Derive("lengths");
        var words = root.Derive("words");
        var texts = new string[samples];
        var sentence = new StringBuilder();
        for (var i = 0; i < samples; i++)
        {
            sentence.Clear();
            var length = lengths.NextInt(minWords, maxWords + 1);
            var topic = TextVocabulary.TopicWords[labels[i]];
            for (var w = 0; w < length; w++)
            {
                var vocabulary = words.NextDouble() < topicWordRate ? topic : TextVocabulary.SharedWords;
                sentence.Append(w == 0 ? "" : " ").Append(vocabulary[words.NextInt(vocabulary.Length)]);
            }

            texts[i] = sentence.ToString();
        }

        return new SyntheticTextDataset("text", texts, labels, TextVocabulary.Topics[..classes]);
    }
}
