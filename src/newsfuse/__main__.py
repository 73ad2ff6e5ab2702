from newsfuse.cli import app

app()
