"""Running the app: the server, logging, metrics and the deployment check."""
