import { useParams } from 'react-router';
import { LazyAccountGroupDrawer } from './preload-detail-drawer';

/** `/account-groups/:id`, rendered in the list page's outlet so the list stays behind the drawer. */
export function AccountGroupDetailRoute() {
  const { id = '' } = useParams();
  return <LazyAccountGroupDrawer key={id} id={id} />;
}
