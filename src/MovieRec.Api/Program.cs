using MovieRec.Api;

// Engine hook: the host registers IChatService, IMovieService and IEmailService through the second argument, e.g.
//   MovieRecApi.Build(args, (services, configuration) => services.AddMovieRecServices(configuration))
// Without it the API and the page run, /health answers 503 and engine calls answer 503.
var app = MovieRecApi.Build(args);
app.Run();

public partial class Program;
