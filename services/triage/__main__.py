from services.common.serve import serve
from services.triage.bootstrap import build_app
from services.triage.settings import TriageSettings

settings = TriageSettings()
serve(build_app(settings), host=settings.http_host, port=settings.triage_port)
