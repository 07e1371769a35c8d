import { type RouteConfig, index, route } from '@react-router/dev/routes'

export default [
  index('routes/home.tsx'),
  route('vardcentraler', 'routes/clinics.tsx'),
  route('logga-in', 'routes/login.tsx'),
  route('logga-ut', 'routes/logout.tsx'),
  route('region', 'routes/region.tsx'),
  route('region/modeller', 'routes/models.tsx'),
  route('region/modeller/jamfor', 'routes/models.compare.tsx'),
  route('region/modeller/:id', 'routes/models.detail.tsx'),
  route('region/modeller/:id/vad-om', 'routes/models.what-if.tsx'),
  route('region/ersattning', 'routes/payments.tsx'),
  route('region/ersattning/korning/:jobId', 'routes/payments.run.tsx'),
  route('region/ersattning/korning/:jobId.json', 'routes/payments.run-status.tsx'),
  route('region/ersattning/:month', 'routes/payments.month.tsx'),
  route('region/ersattning/:month/:revision/payments.csv', 'routes/payments.csv.tsx'),
  route('region/ersattning/:month/:revision/:hsaId', 'routes/payments.clinic.tsx'),
  route('region/ersattning/:month/:revision/:hsaId/lines.csv', 'routes/payments.lines-csv.tsx'),
  route('mottagning', 'routes/clinic-home.tsx'),
  route('mottagning/ersattning', 'routes/clinic-payments.tsx'),
  route('mottagning/ersattning/:month/:revision/:hsaId', 'routes/clinic-payments.clinic.tsx'),
  route('mottagning/ersattning/:month/:revision/:hsaId/lines.csv', 'routes/clinic-payments.lines-csv.tsx'),
] satisfies RouteConfig
