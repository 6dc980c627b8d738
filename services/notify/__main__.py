from services.common.serve import serve
from services.notify.bootstrap import build_app
from services.notify.settings import NotifySettings

settings = NotifySettings()
serve(build_app(settings), host=settings.http_host, port=settings.notify_port)
