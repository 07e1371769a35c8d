import { type RouteConfig, index, route } from '@react-router/dev/routes'

export default [
  index('routes/home.tsx'),
  route('vardcentraler', 'routes/clinics.tsx'),
  route('logga-in', 'routes/login.tsx'),
  route('logga-ut', 'routes/logout.tsx'),
  route('region', 'routes/region.tsx'),
  route('mottagning', 'routes/clinic-home.tsx'),
] satisfies RouteConfig
