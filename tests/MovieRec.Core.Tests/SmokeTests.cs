using MovieRec.Testing;
namespace MovieRec.Core.Tests;
public class SmokeTests
{
    [Fact]
    public void SharedDataIsFound() => Assert.True(File.Exists(SharedData.MovieLens("ml-latest-small") + "/movies.csv"));
}
