"""The yardstick: the smallest Flask app, served by the same gunicorn command as ours."""

from flask import Flask

app = Flask(__name__)
app.add_url_rule("/", "hello", lambda: "Hello, world!")
