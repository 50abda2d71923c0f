FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY governance governance
COPY grids grids
COPY events events
COPY org org
COPY places places
COPY taxonomy taxonomy
COPY common common
COPY templates templates
COPY locale locale
COPY manage.py gunicorn.conf.py ./
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["gunicorn", "governance.wsgi", "--bind", "0.0.0.0:8000"]
