from services.cases.bootstrap import build_app
from services.cases.settings import CasesSettings
from services.common.serve import serve

settings = CasesSettings()
serve(build_app(settings), host=settings.http_host, port=settings.cases_port)
