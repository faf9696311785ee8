"""The bundled default corpus: the sample article the dashboard opens on."""
