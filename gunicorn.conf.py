# Read by gunicorn from the working directory (make run, compose): access logs mask secrets in
# URLs (common/gunicorn.py).
logger_class = "common.gunicorn.MaskingLogger"
