using MultimodalSearch.Blip2.Imaging;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests.Imaging;

public sealed class PreprocessorConfigTests
{
    [Fact]
    public void The_fixture_config_is_read_as_written()
    {
        var config = PreprocessorConfig.Load(Path.Combine(TestPaths.TinyModel, "preprocessor_config.json"));

        Assert.Equal((224, 224), (config.Width, config.Height));
        Assert.Equal(3, config.Resample);
        Assert.Equal(ResampleFilter.Bicubic, config.Filter);
        Assert.Equal(1f / 255f, config.RescaleFactor, 1e-9f);
        Assert.Equal([0.48145466f, 0.4578275f, 0.40821073f], config.Mean);
        Assert.Equal([0.26862954f, 0.26130258f, 0.27577711f], config.Std);
        Assert.True(config.DoResize && config.DoRescale && config.DoNormalize && config.DoConvertRgb);
    }

    [Fact]
    public void Missing_keys_take_the_blip_image_processor_defaults()
    {
        var config = PreprocessorConfig.Parse("{}", "empty.json");

        Assert.Equal((384, 384), (config.Width, config.Height));
        Assert.Equal(3, config.Resample);
        Assert.Equal(1f / 255f, config.RescaleFactor, 1e-9f);
        Assert.Equal(PreprocessorConfig.ClipMean, config.Mean);
        Assert.Equal(PreprocessorConfig.ClipStd, config.Std);
        Assert.True(config.DoResize && config.DoRescale && config.DoNormalize && config.DoConvertRgb);
    }

    [Theory]
    [InlineData("""{"size": {"height": 240, "width": 320}}""", 320, 240)]
    [InlineData("""{"size": {"shortest_edge": 364}}""", 364, 364)]
    [InlineData("""{"size": 196}""", 196, 196)]
    public void Every_form_of_size_is_understood(string json, int width, int height)
    {
        var config = PreprocessorConfig.Parse(json, "config.json");

        Assert.Equal((width, height), (config.Width, config.Height));
    }

    [Fact]
    public void A_single_number_for_mean_or_std_applies_to_all_three_channels()
    {
        var config = PreprocessorConfig.Parse("""{"image_mean": 0.5, "image_std": [0.25, 0.5, 1], "do_rescale": false, "resample": 2}""", "config.json");

        Assert.Equal([0.5f, 0.5f, 0.5f], config.Mean);
        Assert.Equal([0.25f, 0.5f, 1f], config.Std);
        Assert.False(config.DoRescale);
        Assert.Equal(ResampleFilter.Bilinear, config.Filter);
    }

    [Theory]
    [InlineData("""{"resample": 0}""", "resample", "is 0; supported: 2 (BILINEAR) and 3 (BICUBIC)")]
    [InlineData("""{"resample": 1}""", "resample", "is 1; supported")]
    [InlineData("""{"resample": "bicubic"}""", "resample", "must be an integer")]
    [InlineData("""{"size": {"height": 224}}""", "size", "must be {\"height\": H, \"width\": W}")]
    [InlineData("""{"size": {"height": 0, "width": 224}}""", "size.height", "is 0; it must be between 1 and 4096")]
    [InlineData("""{"image_mean": [0.5, 0.5]}""", "image_mean", "must be a list of 3 numbers")]
    [InlineData("""{"image_std": [0.5, 0, 0.5]}""", "image_std", "not positive")]
    [InlineData("""{"rescale_factor": -1}""", "rescale_factor", "it must be a positive number")]
    [InlineData("""{"do_normalize": "yes"}""", "do_normalize", "must be true or false")]
    [InlineData("""{"do_center_crop": true}""", "do_center_crop", "center cropping is not supported")]
    public void An_unsupported_value_is_refused_naming_the_file_and_the_key(string json, string key, string problem)
    {
        var exception = Assert.Throws<EmbeddingModelException>(() => PreprocessorConfig.Parse(json, "models/x/preprocessor_config.json"));

        Assert.Contains("'models/x/preprocessor_config.json'", exception.Message);
        Assert.Contains($"'{key}' ", exception.Message);
        Assert.Contains(problem, exception.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2, 3]")]
    public void Text_that_is_not_a_json_object_is_refused_naming_the_file(string json)
    {
        var exception = Assert.Throws<EmbeddingModelException>(() => PreprocessorConfig.Parse(json, "broken.json"));

        Assert.Contains("'broken.json'", exception.Message);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "preprocessor_config.json");

        var exception = Assert.Throws<EmbeddingModelException>(() => PreprocessorConfig.Load(path));

        Assert.Contains(path, exception.Message);
        Assert.IsAssignableFrom<IOException>(exception.InnerException);
    }

    [Fact]
    public void A_file_on_disk_is_read_with_comments_and_trailing_commas()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                {
                  // exported by hand
                  "size": {"height": 64, "width": 48},
                  "resample": 2,
                }
                """);

            var config = PreprocessorConfig.Load(path);

            Assert.Equal((48, 64, 2), (config.Width, config.Height, config.Resample));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
