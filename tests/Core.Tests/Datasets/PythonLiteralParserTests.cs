using Streaming.Core.Datasets;

namespace Streaming.Core.Tests.Datasets;

public sealed class PythonLiteralParserTests
{
    [Fact]
    public void Parses_python_repr_dicts()
    {
        var value = PythonLiteralParser.Parse(
            "{'asin': 'B01', 'title': \"L'Or\\xe9al \\\\ Paris\", 'price': 12.5, 'rank': {'Beauty': 42}, " +
            "'categories': [['Beauty', 'Skin Care'], ['Beauty', 'Face']], 'ok': True, 'gone': None, 'empty': [], 'tuple': (1, 2,)}");

        var dict = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal("B01", dict["asin"]);
        Assert.Equal("L'Oréal \\ Paris", dict["title"]);
        Assert.Equal(12.5, dict["price"]);
        Assert.Equal(42L, Assert.IsType<Dictionary<string, object?>>(dict["rank"])["Beauty"]);
        Assert.Equal(true, dict["ok"]);
        Assert.Null(dict["gone"]);
        Assert.Empty(Assert.IsType<List<object?>>(dict["empty"]));
        Assert.Equal([1L, 2L], Assert.IsType<List<object?>>(dict["tuple"]));
        var categories = Assert.IsType<List<object?>>(dict["categories"]);
        Assert.Equal(2, categories.Count);
    }

    [Fact]
    public void Parses_strict_json_with_unicode_escapes()
    {
        var value = PythonLiteralParser.Parse("{\"a\": \"caf\\u00e9 \\/ \\\"q\\\"\", \"b\": [true, false, null, -3, 1e3]}");
        var dict = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal("café / \"q\"", dict["a"]);
        Assert.Equal([true, false, null, -3L, 1000.0], Assert.IsType<List<object?>>(dict["b"]));
    }

    [Theory]
    [InlineData("{'a': 'unterminated}")]
    [InlineData("{'a' 1}")]
    [InlineData("{'a': 1} extra")]
    [InlineData("{'a': nope}")]
    [InlineData("[1, 2")]
    [InlineData("")]
    public void Rejects_broken_input_with_a_position(string text)
    {
        var error = Assert.Throws<FormatException>(() => PythonLiteralParser.Parse(text));
        Assert.Contains("at character", error.Message, StringComparison.Ordinal);
    }
}
