using System.Net;
using Microsoft.Extensions.Options;

namespace MovieRec.Api.Tests;

public sealed class ErrorHandlingTests
{
    [Theory]
    [InlineData("{\"message\": ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    public async Task Malformed_json_is_400_problem_not_500(string body)
    {
        using var factory = new ApiFactory();
        var response = await factory.CreateClient().PostRawAsync("/chat", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, (await response.JsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Empty_body_and_wrong_content_type_are_4xx_problems()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();

        var empty = await client.PostRawAsync("/feedback", "");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var text = await client.PostAsync("/chat", new StringContent("{\"message\": \"hi\"}", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Unexpected_error_is_500_problem_without_stack_trace()
    {
        using var factory = new ApiFactory();
        factory.Movies.Failure = new InvalidOperationException("secret internal detail");
        var response = await factory.CreateClient().GetAsync("/movies/1");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internal detail", body);
        Assert.DoesNotContain("   at ", body);
        Assert.Equal(500, (await response.JsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task User_input_error_from_the_engine_is_400_naming_its_field()
    {
        using var factory = new ApiFactory();
        factory.Movies.Failure = new Core.Errors.UserInputException("Year range is empty.", "YearTo");
        var response = await factory.CreateClient().GetAsync("/movies/1/similar");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Year range is empty."], (await response.JsonAsync()).ErrorsFor("yearTo"));
    }

    [Theory]
    [InlineData("Api:MaxRequestBodyBytes", "0")]
    [InlineData("Api:RateLimit:PermitLimit", "0")]
    [InlineData("Api:Cors:AllowedOrigins:0", "not an origin")]
    [InlineData("Api:ApiKeys:0", " ")]
    public async Task Invalid_options_stop_the_start(string key, string value)
    {
        // Started directly: WebApplicationFactory races its own disposal when the host fails to start.
        // (Kestrel reads the options when the app is built, the other options are validated when it starts.)
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = MovieRecApi.Build([$"--{key}={value}", "--urls=http://127.0.0.1:0"]);
            await app.StartAsync();
        });
        Assert.Contains(key.Split(':')[1], error.Message);
    }

    [Fact]
    public async Task A_prompt_folder_that_is_not_there_stops_the_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = MovieRecApi.BuildWithEngine(["--Prompts:Folder=/no/such/prompts", "--urls=http://127.0.0.1:0"]);
            await app.StartAsync();
        });
        Assert.Contains("Prompt folder '/no/such/prompts' does not exist", error.Message);
    }
}
